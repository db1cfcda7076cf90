-- Per company per week: jobs opened (new or reopened), closed, the net, open jobs at the week's last
-- snapshot, and a 4-week trend (the net summed over this and the 3 weeks before).
-- `first_week`: the week tracking began, where "opened" also counts jobs already open that day.
with weeks as (
    select
        week_start,
        max(snapshot_date) as last_snapshot
    from {{ ref('stg_job_history') }}
    group by week_start
),

first_seen as (
    select
        company,
        min(week_start) as first_week
    from {{ ref('stg_job_history') }}
    group by company
),

grid as (
    select
        w.week_start,
        w.last_snapshot,
        f.company
    from weeks as w
    inner join first_seen as f on w.week_start >= f.first_week
),

changes as (
    select
        company,
        week_start,
        count(*) filter (where change in ('new', 'reopened')) as opened,
        count(*) filter (where change = 'closed') as closed
    from {{ ref('stg_job_changes') }}
    group by company, week_start
),

open_jobs as (
    select
        h.company,
        h.snapshot_date,
        count(*) as open_jobs
    from {{ ref('stg_job_history') }} as h
    where h.status = 'open'
    group by h.company, h.snapshot_date
),

weekly as (
    select
        g.week_start,
        g.company,
        coalesce(c.opened, 0) as opened,
        coalesce(c.closed, 0) as closed,
        coalesce(c.opened, 0) - coalesce(c.closed, 0) as net,
        coalesce(o.open_jobs, 0) as open_jobs
    from grid as g
    left join changes as c on g.company = c.company and g.week_start = c.week_start
    left join open_jobs as o on g.company = o.company and g.last_snapshot = o.snapshot_date
),

trended as (
    select
        *,
        cast(
            sum(net) over (partition by company order by week_start rows between 3 preceding and current row)
            as bigint
        ) as net_4_weeks
    from weekly
)

select
    week_start,
    company,
    opened,
    closed,
    net,
    open_jobs,
    net_4_weeks,
    case when net_4_weeks > 0 then 'growing' when net_4_weeks < 0 then 'shrinking' else 'flat' end
        as trend_4_weeks,
    week_start = (select min(w.week_start) from weeks as w) as first_week
from trended
