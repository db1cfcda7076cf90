-- Per week of closing, company and role family: jobs closed and how long they were listed
-- (first to last day seen, inclusive): median and longest.
with closed as (
    select
        c.week_start,
        c.company,
        c.role_family,
        h.last_seen - h.first_seen + 1 as days_listed
    from {{ ref('stg_job_changes') }} as c
    inner join {{ ref('stg_job_history') }} as h on c.change_date = h.snapshot_date and c.job_id = h.job_id
    where c.change = 'closed'
)

select
    week_start,
    company,
    role_family,
    count(*) as closed_jobs,
    {{ median('days_listed') }} as median_days_listed,
    max(days_listed) as longest_days_listed
from closed
group by week_start, company, role_family
