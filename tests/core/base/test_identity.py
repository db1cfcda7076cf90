from jobintel_core.base.identity import canonical_url, content_hash, make_job_id


def test_job_id_depends_on_board_identity_only():
    assert make_job_id("greenhouse", "acme", "123") == make_job_id("Greenhouse", " acme ", "123 ")
    assert make_job_id("greenhouse", "acme", "123") != make_job_id("greenhouse", "acme", "124")
    assert make_job_id("greenhouse", "acme", "123") != make_job_id("lever", "acme", "123")
    assert len(make_job_id("a", "b", "c")) == 16


def test_canonical_url_strips_tracking_and_keeps_identifying_params():
    a = canonical_url("https://Acme.Example/careers/?gh_jid=42&gh_src=li&utm_source=x&utm_medium=y#apply")
    assert a == "https://acme.example/careers?gh_jid=42"
    assert canonical_url("https://jobs.lever.co/acme/abc/?lever-source=LinkedIn&ref=foo") == (
        "https://jobs.lever.co/acme/abc"
    )
    assert canonical_url("https://x.example/job?id=1&source=feed") == "https://x.example/job?id=1"


def test_content_hash_is_order_independent_and_value_sensitive():
    assert content_hash({"a": 1, "b": [1, 2]}) == content_hash({"b": [1, 2], "a": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})
