-- Each job once per week it was listed, as last seen that week: the base of the weekly marts that
-- count listed jobs (pay, remote share, skills), so a job listed all week counts once, not daily.
with ranked as (
    select
        *,
        row_number() over (partition by week_start, provider, job_id order by seen_on desc) as newest_first
    from {{ ref('stg_jobs') }}
)

select
    week_start,
    seen_on,
    provider,
    job_id,
    company,
    title,
    role_family,
    seniority,
    workplace_type,
    remote_region,
    country_code,
    compensation_min,
    compensation_max,
    compensation_currency,
    compensation_interval
from ranked
where newest_first = 1
