-- One row per job, skill and day the job was listed asking for it.
select
    partition_date as seen_on,
    {{ week_start('partition_date') }} as week_start,
    provider,
    job_id,
    skill
from {{ source('jobintel', 'job_skills') }}
