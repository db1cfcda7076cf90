-- Per role family per week: new jobs, closed jobs, open jobs at the week's last snapshot, and the
-- family's share of the week's new jobs.
with weeks as (
    select
        week_start,
        max(snapshot_date) as last_snapshot
    from {{ ref('stg_job_history') }}
    group by week_start
),

changes as (
    select
        week_start,
        role_family,
        count(*) filter (where change = 'new') as new_jobs,
        count(*) filter (where change = 'closed') as closed_jobs
    from {{ ref('stg_job_changes') }}
    group by week_start, role_family
),

open_jobs as (
    select
        w.week_start,
        h.role_family,
        count(*) as open_jobs
    from weeks as w
    inner join {{ ref('stg_job_history') }} as h on w.last_snapshot = h.snapshot_date and h.status = 'open'
    group by w.week_start, h.role_family
),

families as (
    select
        week_start,
        role_family
    from changes
    union
    select
        week_start,
        role_family
    from open_jobs
)

select
    f.week_start,
    f.role_family,
    coalesce(c.new_jobs, 0) as new_jobs,
    coalesce(c.closed_jobs, 0) as closed_jobs,
    coalesce(o.open_jobs, 0) as open_jobs,
    {{ ratio('coalesce(c.new_jobs, 0)', 'sum(coalesce(c.new_jobs, 0)) over (partition by f.week_start)') }}
        as share_of_new
from families as f
left join changes as c on f.week_start = c.week_start and f.role_family = c.role_family
left join open_jobs as o on f.week_start = o.week_start and f.role_family = o.role_family
