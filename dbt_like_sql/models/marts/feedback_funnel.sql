-- The funnel per week, profile, role family and company: jobs first shown on the profile's shortlist,
-- first rated, and first reaching each stage (applied → screen → interview → offer) that week. A job
-- counts once per step, in the week it got there. A stage implies the ones before it (an offer was
-- applied to, screened and interviewed for), so applied ⊇ screen ⊇ interview ⊇ offer; a rejection,
-- a withdrawal or no answer says the job was applied to. Shown and rated stand apart: a job may be
-- rated from its page or search without having been on the shortlist.
with shown as (
    select
        profile,
        job_id,
        min(partition_date) as reached_on
    from {{ source('jobintel', 'shortlist') }}
    group by profile, job_id
),

rated as (
    select
        profile,
        job_id,
        min(rated_on) as reached_on
    from {{ ref('stg_ratings') }}
    group by profile, job_id
),

reached as (
    select
        profile,
        job_id,
        min(happened_on) as applied_on,
        min(happened_on) filter (where stage in ('screen', 'interviewing', 'offer')) as screen_on,
        min(happened_on) filter (where stage in ('interviewing', 'offer')) as interview_on,
        min(happened_on) filter (where stage = 'offer') as offer_on
    from {{ ref('stg_outcomes') }}
    group by profile, job_id
),

steps as (
    select
        profile,
        job_id,
        'shown' as step,
        reached_on
    from shown
    union all
    select
        profile,
        job_id,
        'rated' as step,
        reached_on
    from rated
    union all
    select
        profile,
        job_id,
        'applied' as step,
        applied_on as reached_on
    from reached
    union all
    select
        profile,
        job_id,
        'screen' as step,
        screen_on as reached_on
    from reached
    where screen_on is not null
    union all
    select
        profile,
        job_id,
        'interview' as step,
        interview_on as reached_on
    from reached
    where interview_on is not null
    union all
    select
        profile,
        job_id,
        'offer' as step,
        offer_on as reached_on
    from reached
    where offer_on is not null
),

-- each job's company and role family as the history last held them
jobs as (
    select
        job_id,
        company,
        role_family,
        row_number() over (partition by job_id order by snapshot_date desc) as newest_first
    from {{ ref('stg_job_history') }}
)

select
    {{ week_start('s.reached_on') }} as week_start,
    s.profile,
    coalesce(j.role_family, 'other') as role_family,
    coalesce(j.company, '') as company,
    count(*) filter (where s.step = 'shown') as shown,
    count(*) filter (where s.step = 'rated') as rated,
    count(*) filter (where s.step = 'applied') as applied,
    count(*) filter (where s.step = 'screen') as screen,
    count(*) filter (where s.step = 'interview') as interview,
    count(*) filter (where s.step = 'offer') as offer
from steps as s
left join jobs as j on s.job_id = j.job_id and j.newest_first = 1
group by
    {{ week_start('s.reached_on') }}, s.profile, coalesce(j.role_family, 'other'), coalesce(j.company, '')
