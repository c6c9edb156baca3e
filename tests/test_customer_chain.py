# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The rules of the customer chain, read like the article's sentences (no database)."""

from datetime import date, timedelta

from odoo.tests import BaseCase, tagged

from ..tools import customer_chain as chain
from ..tools.customer_chain import ChainRules, transitions_to_record, walk_the_chain

D0 = date(2025, 1, 1)


def day(n):
    return D0 + timedelta(days=n)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestCustomerChain(BaseCase):
    def test_a_prospect_has_no_purchase(self):
        state = walk_the_chain([], [], day(10))
        self.assertEqual(state.stage, chain.PROSPECT)
        self.assertEqual(state.transitions, [])

    def test_the_first_purchase_makes_a_customer(self):
        state = walk_the_chain([day(3)], [], day(10))
        self.assertEqual((state.stage, state.customer_date), (chain.CUSTOMER, day(3)))

    def test_a_purchase_after_today_does_not_count(self):
        self.assertEqual(walk_the_chain([day(11)], [], day(10)).stage, chain.PROSPECT)

    def test_loyalty_waits_for_the_customer_stage_to_mature(self):
        purchases = [day(0), day(10), day(20)]
        self.assertEqual(walk_the_chain(purchases, [], day(89)).stage, chain.CUSTOMER)
        state = walk_the_chain(purchases, [], day(90))
        self.assertEqual((state.stage, state.loyal_date), (chain.LOYAL, day(90)))

    def test_loyalty_waits_for_the_third_purchase(self):
        state = walk_the_chain([day(0), day(100)], [], day(200))
        self.assertEqual(state.stage, chain.CUSTOMER)
        state = walk_the_chain([day(0), day(100), day(150)], [], day(200))
        self.assertEqual((state.stage, state.loyal_date), (chain.LOYAL, day(150)))

    def test_three_purchases_on_one_day_count_once(self):
        self.assertEqual(walk_the_chain([day(0)] * 3, [], day(200)).stage, chain.CUSTOMER)
        self.assertEqual(walk_the_chain([day(0), day(1), day(2)], [], day(200)).stage, chain.LOYAL)

    def test_an_advocate_needs_a_matured_loyalty_and_a_converted_referral(self):
        purchases = [day(0), day(10), day(20)]  # loyal on day 90
        self.assertEqual(walk_the_chain(purchases, [], day(300)).stage, chain.LOYAL)
        self.assertEqual(walk_the_chain(purchases, [day(100)], day(149)).stage, chain.LOYAL)
        state = walk_the_chain(purchases, [day(100)], day(150))
        self.assertEqual((state.stage, state.advocate_date), (chain.ADVOCATE, day(150)))

    def test_an_early_referral_is_kept_and_counts_at_maturity(self):
        # the customer referred someone on day 5: no skipping of stages
        purchases = [day(0), day(10), day(20)]
        self.assertEqual(walk_the_chain(purchases, [day(5)], day(60)).stage, chain.CUSTOMER)
        self.assertEqual(walk_the_chain(purchases, [day(5)], day(100)).stage, chain.LOYAL)
        state = walk_the_chain(purchases, [day(5)], day(150))
        self.assertEqual(
            [(t.from_code, t.to_code, t.date) for t in state.transitions],
            [
                (chain.PROSPECT, chain.CUSTOMER, day(0)),
                (chain.CUSTOMER, chain.LOYAL, day(90)),
                (chain.LOYAL, chain.ADVOCATE, day(150)),
            ],
        )

    def test_the_advocate_date_waits_for_a_late_conversion(self):
        state = walk_the_chain([day(0), day(10), day(20)], [day(200)], day(300))
        self.assertEqual(state.advocate_date, day(200))

    def test_lapsing_after_365_days_without_purchase(self):
        self.assertEqual(walk_the_chain([day(0)], [], day(364)).stage, chain.CUSTOMER)
        state = walk_the_chain([day(0)], [], day(365))
        self.assertEqual((state.stage, state.lapsed_date), (chain.LAPSED, day(365)))

    def test_an_advocate_never_falls_back_to_loyal(self):
        purchases = [day(0), day(10), day(20), day(300)]
        for today in range(150, 665, 7):
            stage = walk_the_chain(purchases, [day(100)], day(today)).stage
            self.assertEqual(stage, chain.ADVOCATE, f"on day {today}")
        self.assertEqual(walk_the_chain(purchases, [day(100)], day(665)).stage, chain.LAPSED)

    def test_a_lapsed_customer_who_buys_again_climbs_again(self):
        purchases = [day(0), day(10), day(20), day(500), day(510), day(520)]
        state = walk_the_chain(purchases, [], day(505))
        self.assertEqual((state.stage, state.customer_date), (chain.CUSTOMER, day(500)))
        self.assertFalse(state.loyal_date)
        state = walk_the_chain(purchases, [], day(590))
        self.assertEqual((state.stage, state.loyal_date), (chain.LOYAL, day(590)))
        self.assertEqual(
            [t.rule for t in state.transitions],
            [
                chain.RULE_FIRST_PURCHASE,
                chain.RULE_LOYAL,
                chain.RULE_LAPSED,
                chain.RULE_RETURNED,
                chain.RULE_LOYAL,
            ],
        )

    def test_thresholds_come_from_the_rules(self):
        rules = ChainRules(loyal_min_purchases=2, loyal_maturity_days=30, lapse_days=100)
        state = walk_the_chain([day(0), day(5)], [], day(30), rules)
        self.assertEqual(state.stage, chain.LOYAL)
        self.assertEqual(walk_the_chain([day(0), day(5)], [], day(105), rules).stage, chain.LAPSED)

    def test_history_to_record(self):
        state = walk_the_chain([day(0), day(10), day(20)], [], day(100))
        # nothing stored: the whole story (the install back-fill)
        self.assertEqual(len(transitions_to_record(None, None, state, day(100))), 2)
        # the stored stage is a step of the story: what came after it
        after = transitions_to_record(chain.CUSTOMER, day(0), state, day(100))
        self.assertEqual([(t.from_code, t.to_code) for t in after], [(chain.CUSTOMER, chain.LOYAL)])
        # already up to date
        self.assertEqual(transitions_to_record(chain.LOYAL, day(90), state, day(100)), [])
        # the data changed under the stored stage (e.g. a cancelled order): one correction
        state = walk_the_chain([day(0)], [], day(100))
        [fix] = transitions_to_record(chain.LOYAL, day(90), state, day(100))
        self.assertEqual((fix.from_code, fix.to_code, fix.rule), (chain.LOYAL, chain.CUSTOMER, chain.RULE_RECOMPUTED))
        # everything cancelled: back to prospect, dated today
        [fix] = transitions_to_record(chain.CUSTOMER, day(0), walk_the_chain([], [], day(100)), day(100))
        self.assertEqual((fix.to_code, fix.date), (chain.PROSPECT, day(100)))

    def _story_told(self):
        """An advocate whose whole story is in the history: (the state, what is recorded)."""
        state = walk_the_chain([day(0), day(10), day(20)], [day(100)], day(300))
        self.assertEqual(state.stage, chain.ADVOCATE)
        return state, {(move.to_code, move.date) for move in state.transitions}

    def test_a_partner_back_to_a_story_already_recorded_does_not_write_it_again(self):
        # a credit note cancelled again: the prospect of a moment ago has its story back
        state, recorded = self._story_told()
        [back] = transitions_to_record(chain.PROSPECT, None, state, day(300), recorded)
        self.assertEqual(back, chain.Transition(day(300), chain.PROSPECT, chain.ADVOCATE, chain.RULE_RECOMPUTED))
        # an order cancelled then restored: the customer is loyal again, today, not twice on day 90
        [back] = transitions_to_record(chain.CUSTOMER, day(0), state, day(300), recorded)
        self.assertEqual(back, chain.Transition(day(300), chain.CUSTOMER, chain.ADVOCATE, chain.RULE_RECOMPUTED))
        # nothing stored, the story told: nothing to tell
        self.assertEqual(transitions_to_record(None, None, state, day(300), recorded), [])

    def test_a_story_not_recorded_yet_is_written_with_its_days(self):
        # a prospect whose orders, entered late, tell a story the history does not hold
        state, _recorded = self._story_told()
        other_story = {(chain.CUSTOMER, day(-400))}
        self.assertEqual(transitions_to_record(chain.PROSPECT, None, state, day(300), other_story), state.transitions)

    def test_a_move_caused_by_settings_is_one_line_dated_the_day_of_the_change(self):
        state, recorded = self._story_told()
        gone = walk_the_chain([], [], day(300))  # no invoice counts: back to prospect
        [line] = transitions_to_record(chain.ADVOCATE, day(150), gone, day(300), recorded, settings_changed=True)
        self.assertEqual(line, chain.Transition(day(300), chain.ADVOCATE, chain.PROSPECT, chain.RULE_SETTINGS))
        recorded.add((chain.PROSPECT, day(300)))
        # and back: one line, not the story again
        [line] = transitions_to_record(chain.PROSPECT, None, state, day(300), recorded, settings_changed=True)
        self.assertEqual(line, chain.Transition(day(300), chain.PROSPECT, chain.ADVOCATE, chain.RULE_SETTINGS))
        # a partner that Settings first makes a customer reaches its stage today too
        [line] = transitions_to_record(None, None, state, day(300), settings_changed=True)
        self.assertEqual((line.from_code, line.to_code, line.date), (chain.PROSPECT, chain.ADVOCATE, day(300)))
        # the same stage: nothing
        self.assertEqual(transitions_to_record(chain.ADVOCATE, day(1), state, day(300), settings_changed=True), [])

    def test_average_interval(self):
        self.assertEqual(chain.average_interval_days([day(0)]), 0.0)
        self.assertEqual(chain.average_interval_days([day(0), day(10), day(10), day(30)]), 15.0)
        # the engine's days come sorted and distinct from the database
        self.assertEqual(chain.mean_gap_days([day(0), day(10), day(30)]), 15.0)
        self.assertEqual(chain.mean_gap_days([]), 0.0)

    def test_days_after_today_do_not_count(self):
        self.assertEqual(chain.days_until([day(0), day(5), day(5), day(9)], day(5)), [day(0), day(5), day(5)])
        self.assertEqual(chain.days_until([day(0), day(5)], day(10)), [day(0), day(5)])
        self.assertEqual(chain.days_until([], day(10)), [])

    def test_the_engine_walk_tells_the_same_story(self):
        # the engine walks days the database sorted: the same story as from days in any order
        purchases, referrals = [day(200), day(0), day(150), day(10), day(10), day(900)], [day(400), day(100)]
        for today in (day(5), day(120), day(300), day(700), day(1000)):
            expected = walk_the_chain(purchases, referrals, today)
            state = chain.walk_sorted_days(
                chain.days_until(sorted(set(purchases)), today), chain.days_until(sorted(referrals), today), today
            )
            self.assertEqual(state, expected)
            self.assertTrue(expected.transitions or today < day(10))

    def test_the_next_possible_move(self):
        # a customer can become loyal no sooner than the customer stage matures (day 90)
        self.assertEqual(self._next_move([day(0)], [], day(10)), day(90))
        # that day passed without a third purchase: the next is the lapse
        self.assertEqual(self._next_move([day(0)], [], day(95)), day(365))
        # a loyal customer can become an advocate no sooner than the loyal stage matures
        self.assertEqual(self._next_move([day(0), day(10), day(20)], [], day(100)), day(150))
        # an advocate can only lapse
        self.assertEqual(self._next_move([day(0), day(10), day(20)], [day(30)], day(160)), day(385))
        # a lapsed partner or a prospect moves only with a new purchase, or on a purchase dated later
        self.assertIsNone(self._next_move([day(0)], [], day(400)))
        self.assertIsNone(self._next_move([], [], day(400)))
        self.assertEqual(self._next_move([day(0), day(500)], [], day(400)), day(500))
        # a referral converting after today counts on its day
        self.assertEqual(self._next_move([day(0), day(10), day(20)], [day(170)], day(160)), day(170))

    def test_nothing_moves_before_the_next_possible_move(self):
        """Walked every day, the chain never moves before the day next_move_on gave: the
        daily job may leave a partner alone until then."""
        stories = [
            ([day(0)], []),
            ([day(0), day(10), day(20)], []),
            ([day(0), day(10), day(20)], [day(30)]),
            ([day(0), day(10), day(20)], [day(200)]),
            ([day(0), day(100), day(130), day(600), day(610), day(620)], [day(140), day(700)]),
        ]
        for purchases, referrals in stories:
            today = day(0)
            while today < day(1100):
                state = walk_the_chain(purchases, referrals, today)
                next_move = self._next_move(purchases, referrals, today) or day(1100)
                self.assertGreater(next_move, today)
                for offset in range(1, (next_move - today).days):
                    later = walk_the_chain(purchases, referrals, today + timedelta(days=offset))
                    self.assertEqual((later.stage, later.stage_date), (state.stage, state.stage_date))
                today = next_move

    def _next_move(self, purchases, referrals, today):
        state = walk_the_chain(purchases, referrals, today)
        return chain.next_move_on(state, sorted(set(purchases)), sorted(referrals), today)
