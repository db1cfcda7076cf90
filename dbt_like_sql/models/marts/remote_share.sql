-- Per week, company and role family: jobs listed, how many remote / hybrid / on-site, remote share.
select
    week_start,
    company,
    role_family,
    count(*) as listed_jobs,
    count(*) filter (where workplace_type = 'remote') as remote_jobs,
    count(*) filter (where workplace_type = 'hybrid') as hybrid_jobs,
    count(*) filter (where workplace_type = 'onsite') as onsite_jobs,
    {{ ratio("count(*) filter (where workplace_type = 'remote')", 'count(*)') }} as remote_share
from {{ ref('weekly_job_versions') }}
group by week_start, company, role_family
