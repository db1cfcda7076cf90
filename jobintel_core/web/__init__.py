"""The job seeker's web app: Today's shortlist, job pages, the tracker and a JSON API (docs/web.md).

Reads the pipeline's stored tables through ``storage.tables``; writes only user state, through the
same functions as ``jobintel mark``. Never imports dagster: what needs the instance (runs) is given
to ``app.create_app`` as a ``runs.RunsSource``.
"""
