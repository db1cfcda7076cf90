-- Per skill per week: how many of the week's listed jobs ask for it, that share, last week's, and
-- a trend. A skill is `rising` / `falling` only with enough support (`skill_trend_min_support`
-- jobs this week or last) and a share that moved by `skill_trend_min_ratio`; otherwise `steady`,
-- or `too few` below the support. The first week has no previous week: `first week`.
with week_jobs as (
    select
        week_start,
        count(*) as listed_jobs
    from {{ ref('weekly_job_versions') }}
    group by week_start
),

asked as (
    select
        week_start,
        skill,
        count(distinct provider || '/' || job_id) as jobs
    from {{ ref('stg_job_skills') }}
    group by week_start, skill
),

skill_first as (
    select
        skill,
        min(week_start) as first_week
    from asked
    group by skill
),

grid as (
    select
        w.week_start,
        w.listed_jobs,
        s.skill
    from week_jobs as w
    inner join skill_first as s on w.week_start >= s.first_week
),

shares as (
    select
        g.week_start,
        g.skill,
        coalesce(a.jobs, 0) as jobs,
        g.listed_jobs,
        {{ ratio('coalesce(a.jobs, 0)', 'g.listed_jobs') }} as share
    from grid as g
    left join asked as a on g.week_start = a.week_start and g.skill = a.skill
),

with_previous as (
    select
        s.*,
        lag(s.jobs) over (partition by s.skill order by s.week_start) as previous_jobs,
        lag(s.share) over (partition by s.skill order by s.week_start) as previous_share,
        s.week_start = (select min(w.week_start) from week_jobs as w) as first_week
    from shares as s
)

select
    week_start,
    skill,
    jobs,
    listed_jobs,
    share,
    coalesce(previous_jobs, 0) as previous_jobs,
    coalesce(previous_share, 0) as previous_share,
    case
        when first_week then 'first week'
        when greatest(jobs, coalesce(previous_jobs, 0)) < {{ var('skill_trend_min_support') }} then 'too few'
        when
            share >= coalesce(previous_share, 0) * {{ var('skill_trend_min_ratio') }}
            and jobs > coalesce(previous_jobs, 0)
            then 'rising'
        when
            share * {{ var('skill_trend_min_ratio') }} <= coalesce(previous_share, 0)
            and jobs < coalesce(previous_jobs, 0)
            then 'falling'
        else 'steady'
    end as trend
from with_previous
