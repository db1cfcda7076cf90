-- One row per profile, job and day scored; `is_match`: the job made the profile's shortlist that day
-- (its own min_score and top_n, jobs the user ignored or rejected left out), what the user saw.
select
    s.partition_date as scored_on,
    {{ week_start('s.partition_date') }} as week_start,
    s.profile,
    s.job_id,
    s.score,
    s.excluded,
    s.provider,
    s.company,
    s.title,
    l.job_id is not null as is_match
from {{ source('jobintel', 'job_scores') }} as s
left join {{ source('jobintel', 'shortlist') }} as l
    on s.partition_date = l.partition_date and s.profile = l.profile and s.job_id = l.job_id
