-- One row per rating (a job rated twice has two), from the latest export: each export holds the whole
-- log as of its date, so an older one adds nothing and would count a rating once per day.
with latest as (
    select max(partition_date) as partition_date
    from {{ source('jobintel', 'ratings') }}
)

select
    e.rated_on,
    {{ week_start('e.rated_on') }} as week_start,
    e.profile,
    e.seq,
    e.job_id,
    e.stars,
    e.fit,
    e.interest,
    e.location,
    e.pay,
    e.has_comment
from {{ source('jobintel', 'ratings') }} as e
inner join latest as l on e.partition_date = l.partition_date
