//! Slot policies: what the checkout offers a customer.
//!
//! - **Quotas**: a fixed number of orders per slot, and per slot in each zone, as many shops
//!   run it; a slot is offered while its quotas last, whatever the routes say.
//! - **Feasibility**: a slot is offered when the booking fits the tentative plan in it (Campbell
//!   & Savelsbergh 2005).
//! - **Incentives**: feasibility, with the price moved by the marginal cost: a discount on open
//!   slots that are cheap to serve, a surcharge on expensive ones (Campbell & Savelsbergh 2006;
//!   Yang et al. 2016).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Policy {
    Quota { per_slot: usize, per_cell: usize },
    Feasibility,
    Incentives { discount: f64, surcharge: f64 },
}

impl Policy {
    pub fn name(&self) -> String {
        match self {
            Policy::Quota { per_slot, per_cell } => format!("Quotas ({per_slot} per slot, {per_cell} per zone)"),
            Policy::Feasibility => "Feasibility".to_string(),
            Policy::Incentives { discount, surcharge } => {
                format!("Feasibility + incentives (−{discount:.2} / +{surcharge:.2})")
            }
        }
    }

    /// A short key for files and tests: `quota`, `feasibility`, `incentives`.
    pub fn key(&self) -> &'static str {
        match self {
            Policy::Quota { .. } => "quota",
            Policy::Feasibility => "feasibility",
            Policy::Incentives { .. } => "incentives",
        }
    }

    /// Does this policy ask the tentative plan before offering?
    pub fn checks_feasibility(&self) -> bool {
        !matches!(self, Policy::Quota { .. })
    }

    /// The price offered for a slot of list price `price` whose marginal cost is `cost`, among
    /// open slots whose mean marginal cost is `mean` (all in currency units).
    pub fn price(&self, price: f64, cost: f64, mean: f64, open: usize) -> f64 {
        match *self {
            Policy::Incentives { discount, surcharge } if open > 1 => {
                if cost < 0.8 * mean {
                    (price - discount).max(0.0)
                } else if cost > 1.2 * mean {
                    price + surcharge
                } else {
                    price
                }
            }
            _ => price,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incentives_move_prices_by_marginal_cost_only() {
        let p = Policy::Incentives { discount: 1.0, surcharge: 1.5 };
        assert_eq!(p.price(4.0, 1.0, 2.0, 3), 3.0);
        assert_eq!(p.price(4.0, 3.0, 2.0, 3), 5.5);
        assert_eq!(p.price(4.0, 2.0, 2.0, 3), 4.0);
        assert_eq!(p.price(0.5, 1.0, 2.0, 3), 0.0);
        assert_eq!(p.price(4.0, 1.0, 2.0, 1), 4.0, "one open slot: nothing to steer");
        assert_eq!(Policy::Feasibility.price(4.0, 1.0, 2.0, 3), 4.0);
    }
}
