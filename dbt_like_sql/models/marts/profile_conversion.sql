-- Per profile per week of activity: the funnel's steps that week and to date, and the conversion
-- rates to date (each step over the one before; rated and applied over shown). Rates are NULL until
-- the step before has a job.
with weekly as (
    select
        week_start,
        profile,
        sum(shown) as shown,
        sum(rated) as rated,
        sum(applied) as applied,
        sum(screen) as screen,
        sum(interview) as interview,
        sum(offer) as offer
    from {{ ref('feedback_funnel') }}
    group by week_start, profile
),

to_date as (
    select
        *,
        sum(shown) over (partition by profile order by week_start) as shown_to_date,
        sum(rated) over (partition by profile order by week_start) as rated_to_date,
        sum(applied) over (partition by profile order by week_start) as applied_to_date,
        sum(screen) over (partition by profile order by week_start) as screen_to_date,
        sum(interview) over (partition by profile order by week_start) as interview_to_date,
        sum(offer) over (partition by profile order by week_start) as offer_to_date
    from weekly
)

select
    week_start,
    profile,
    cast(shown as integer) as shown,
    cast(rated as integer) as rated,
    cast(applied as integer) as applied,
    cast(screen as integer) as screen,
    cast(interview as integer) as interview,
    cast(offer as integer) as offer,
    cast(shown_to_date as integer) as shown_to_date,
    cast(rated_to_date as integer) as rated_to_date,
    cast(applied_to_date as integer) as applied_to_date,
    cast(screen_to_date as integer) as screen_to_date,
    cast(interview_to_date as integer) as interview_to_date,
    cast(offer_to_date as integer) as offer_to_date,
    {{ ratio('rated_to_date', 'shown_to_date') }} as rated_per_shown,
    {{ ratio('applied_to_date', 'shown_to_date') }} as applied_per_shown,
    {{ ratio('screen_to_date', 'applied_to_date') }} as screen_per_applied,
    {{ ratio('interview_to_date', 'screen_to_date') }} as interview_per_screen,
    {{ ratio('offer_to_date', 'interview_to_date') }} as offer_per_interview
from to_date
