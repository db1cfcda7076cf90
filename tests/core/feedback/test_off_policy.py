"""Off-policy estimators on a toy problem whose value is known: three jobs with known mean
rewards, logged by one policy, evaluated for another."""

import numpy as np
import pytest

from jobintel_core.feedback.off_policy import doubly_robust, ips

MEANS = np.array([0.8, 0.1, -0.5])
LOGGING = np.array([0.2, 0.3, 0.5])
TARGET = np.array([0.7, 0.2, 0.1])
TRUE_VALUE = float(TARGET @ MEANS)  # 0.53; the logging policy's own value is −0.06


def logged(n: int = 20000, seed: int = 3) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    actions = rng.choice(3, size=n, p=LOGGING)
    rewards = MEANS[actions] + rng.normal(0, 0.5, size=n)
    return actions, rewards, LOGGING[actions], TARGET[actions]


def test_each_estimator_finds_the_target_policys_value():
    actions, rewards, p, t = logged()
    model = MEANS + np.array([0.3, -0.2, 0.1])  # a wrong reward model: DR must still be right
    estimates = [
        ips(rewards, p, t),
        ips(rewards, p, t, self_normalised=True),
        doubly_robust(rewards, p, t, model[actions], np.full(len(actions), TARGET @ model)),
    ]
    for estimate in estimates:
        assert estimate.value == pytest.approx(TRUE_VALUE, abs=0.03)
        assert estimate.low < TRUE_VALUE < estimate.high
        assert estimate.high - estimate.low < 0.1
        assert estimate.n == len(actions) and 0 < estimate.effective_n < len(actions)
    # the logging policy's mean reward is far from the target's value: the weights are doing the work
    assert abs(rewards.mean() - TRUE_VALUE) > 0.4


def test_a_right_reward_model_makes_the_doubly_robust_interval_narrower():
    actions, rewards, p, t = logged(2000)
    plain = ips(rewards, p, t)
    robust = doubly_robust(rewards, p, t, MEANS[actions], np.full(len(actions), TARGET @ MEANS))
    assert robust.high - robust.low < 0.75 * (plain.high - plain.low)  # the noise left is the rewards' own


def test_the_logging_policy_evaluated_on_itself_is_its_mean_reward():
    _, rewards, p, _ = logged(500)
    assert ips(rewards, p, p).value == pytest.approx(rewards.mean(), abs=1e-6)
    assert ips(rewards, p, p, self_normalised=True).effective_n == pytest.approx(500)


def test_intervals_are_reproducible_and_resample_whole_groups():
    _, rewards, p, t = logged(3000)
    groups = np.arange(3000) // 100  # 30 days of 100 impressions
    first = ips(rewards, p, t, groups=groups, seed=5)
    assert first == ips(rewards, p, t, groups=groups, seed=5)
    assert first.value == ips(rewards, p, t).value
    # a day-level effect shared by a day's impressions widens the grouped interval
    shifted = rewards + np.repeat(np.random.default_rng(0).normal(0, 1, 30), 100)
    assert ips(shifted, p, t, groups=groups).high - ips(shifted, p, t, groups=groups).low > 2 * (
        ips(shifted, p, t).high - ips(shifted, p, t).low
    )


def test_bad_input_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="logging propensities"):
        ips([1.0], [0.0], [1.0])
    with pytest.raises(ValueError, match="target probabilities"):
        ips([1.0], [0.5], [1.5], self_normalised=True)
    with pytest.raises(ValueError, match="one length"):
        ips([1.0, 0.0], [0.5], [0.5])
    with pytest.raises(ValueError, match="NaN"):
        ips([np.nan], [0.5], [0.5])
    with pytest.raises(ValueError, match="no impressions"):
        ips([], [], [])
    with pytest.raises(ValueError, match="groups"):
        ips([1.0], [0.5], [0.5], groups=[1, 2])
