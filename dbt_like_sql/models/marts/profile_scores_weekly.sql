-- Per profile per week: jobs scored (each job's latest score that week), matches, excluded jobs and
-- the score distribution of the jobs not excluded.
with latest as (
    select
        *,
        row_number() over (partition by profile, week_start, job_id order by scored_on desc) as newest_first
    from {{ ref('stg_job_scores') }}
),

weekly as (
    select * from latest
    where newest_first = 1
)

select
    week_start,
    profile,
    count(*) as jobs_scored,
    count(*) filter (where is_match) as matches,
    count(*) filter (where excluded) as excluded_jobs,
    percentile_cont(0.5) within group (order by case when excluded then null else score end) as p50_score,
    percentile_cont(0.9) within group (order by case when excluded then null else score end) as p90_score,
    max(case when excluded then null else score end) as best_score
from weekly
group by week_start, profile
