"""Hooks on the assets themselves, so UI backfills and automation runs alert too (job-level hooks
fire only for runs of that named job)."""

from datetime import date

import httpx
import pyarrow as pa
from dagster import HookContext, HookDefinition, failure_hook, success_hook

from jobintel_core.alerting.channels import Channel
from jobintel_core.alerting.discord import AlertError, escape_discord
from jobintel_core.alerting.drops import DropAlerts
from jobintel_core.alerting.ledger import AlertLedger
from jobintel_core.alerting.messages import send_new_matches
from jobintel_core.insights.report import InsightsReport
from jobintel_core.matching.profiles.profile import Profile
from jobintel_core.storage.keys import insights_key
from jobintel_core.storage.tables import frame_of
from jobintel_dagster.alerting.resources import AppriseResource, DiscordResource, EmailResource

PARTITION_TAG = "dagster/partition"


def _partition(context: HookContext) -> str | None:
    run = context.instance.get_run_by_id(context.run_id)
    return run.tags.get(PARTITION_TAG) if run else None


def _digest_channels(
    context: HookContext, client: httpx.Client, profiles: list[Profile]
) -> dict[str, list[Channel]]:
    """Each profile's chosen channels that this deployment has configured; a choice of a channel
    that is not configured is said once in the log (by name: configured or not, never its secret)."""
    discord: DiscordResource = context.resources.discord
    email: EmailResource = context.resources.email
    apprise: AppriseResource = context.resources.apprise
    chosen: dict[str, list[Channel]] = {}
    for profile in profiles:
        channels: list[Channel] = []
        for name in profile.alerts.channels:
            if name == "discord" and discord.enabled:
                channels.append(discord.channel(client))
            elif name == "email" and email.enabled and profile.alerts.email:
                channels.append(email.channel(profile.alerts.email))
            elif name == "apprise" and apprise.enabled:
                channels.append(apprise.channel())
            else:
                context.log.info(f"alerts of {profile.name}: channel {name!r} is not configured")
        chosen[profile.name] = channels
    return chosen


@success_hook(required_resource_keys={"discord", "email", "apprise", "profiles", "storage"})
def alert_new_matches(context: HookContext) -> None:
    """After ``shortlist`` materializes: send each profile's new strong matches on the channels the
    profile chose (``alerts.channels``), once per job and channel."""
    shortlist = context.op_output_values.get("result")
    partition = _partition(context)
    if shortlist is None or partition is None:
        return
    discord: DiscordResource = context.resources.discord
    ledger = AlertLedger(context.resources.storage.get_store())
    with httpx.Client() as client:
        summaries = send_new_matches(
            shortlist,
            date.fromisoformat(partition),
            _digest_channels(context, client, context.resources.profiles.load()),
            ledger,
            discord.min_score,
            discord.always_summary,
        )
    for summary in summaries:
        if summary.error:
            context.log.error(
                f"alerts {partition} {summary.profile} by {summary.channel} not delivered: {summary.error}"
            )
        else:
            context.log.info(
                f"alerts {partition} {summary.profile} by {summary.channel}: {summary.new_jobs} new job(s) "
                f"in {summary.messages} message(s)"
            )


@failure_hook(required_resource_keys={"discord"})
def alert_failure(context: HookContext) -> None:
    """When an asset's step fails: name the asset, partition and error, link the run."""
    discord: DiscordResource = context.resources.discord
    if not discord.enabled:
        context.log.info("Discord alerts off: JOBINTEL_DISCORD_WEBHOOK_URL is not set")
        return
    error = str(context.op_exception) if context.op_exception else "step failed"
    try:
        discord.post_failure(context.op.name, _partition(context), error, context.run_id)
    except AlertError as exc:
        context.log.error(f"failure alert not delivered: {exc}")


def drop_alert_hook(confirmations: int) -> HookDefinition:
    """After ``job_history`` materializes: announce each board that started shrinking suspiciously,
    once per drop (``alerting.drops``); ``confirmations`` is the drop rule's, for the message."""

    @success_hook(name="alert_suspicious_drops", required_resource_keys={"discord", "storage"})
    def alert_suspicious_drops(context: HookContext) -> None:
        discord: DiscordResource = context.resources.discord
        history = context.op_output_values.get("result")
        partition = _partition(context)
        if not discord.enabled or history is None or partition is None:
            return
        if isinstance(history, pa.Table):  # job_history's step yields Arrow; the rule reads 3 columns
            history = frame_of(history.select(["provider", "status", "suspect_drops"]))
        with httpx.Client() as client:
            try:
                posted = DropAlerts(context.resources.storage.get_store()).send(
                    history, date.fromisoformat(partition), discord.webhook(client), confirmations
                )
            except AlertError as exc:
                context.log.error(f"suspicious-drop alert for {partition} not delivered: {exc}")
                return
        if posted:
            context.log.warning(f"suspicious drop announced for {posted}")

    return alert_suspicious_drops


@success_hook(required_resource_keys={"discord", "storage"})
def post_insights_summary(context: HookContext) -> None:
    """After ``profile_insights`` materializes, when ``JOBINTEL_INSIGHTS_TO_DISCORD`` is on: each
    profile's two-line summary of the week, read back from the stored reports."""
    discord: DiscordResource = context.resources.discord
    week = _partition(context)
    if not (discord.enabled and discord.insights_summary) or week is None:
        return
    store = context.resources.storage.get_store()
    reports = sorted(
        k for k in store.list(insights_key(date.fromisoformat(week), "")) if k.endswith("/report.json")
    )
    with httpx.Client() as client:
        webhook = discord.webhook(client)
        for key in reports:
            report = InsightsReport.model_validate_json(store.get(key))
            try:
                webhook.post(escape_discord(f"Weekly insights: {report.summary()}"))
            except AlertError as exc:
                context.log.error(f"insights summary for {report.profile.profile} not delivered: {exc}")


# What every asset carries; ``shortlist`` also posts new matches.
ASSET_HOOKS = {alert_failure}
SHORTLIST_HOOKS = {alert_failure, alert_new_matches}
