-- One row per profile, job and day scored; `is_match` by the project's `match_score` var.
select
    partition_date as scored_on,
    {{ week_start('partition_date') }} as week_start,
    profile,
    job_id,
    score,
    excluded,
    provider,
    company,
    title,
    (not excluded and score >= {{ var('match_score') }}) as is_match
from {{ source('jobintel', 'job_scores') }}
