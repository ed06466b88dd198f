//! For every order, the other orders nearest to it: the "adjacency" string removals walk.

use crate::problem::Problem;

/// How many neighbours each order keeps (enough for the ruin step to reach several routes).
const KEEP: usize = 64;

pub struct Neighbours {
    lists: Vec<Vec<usize>>,
}

impl Neighbours {
    pub fn new(problem: &Problem) -> Self {
        let n = problem.orders.len();
        let lists = (0..n)
            .map(|a| {
                let la = problem.orders[a].location;
                let mut others: Vec<(i64, usize)> = (0..n)
                    .filter(|&b| b != a)
                    .map(|b| (problem.default_matrix().dist(la, problem.orders[b].location), b))
                    .collect();
                let keep = KEEP.min(others.len());
                if keep < others.len() {
                    others.select_nth_unstable(keep);
                    others.truncate(keep);
                }
                others.sort_unstable();
                others.into_iter().map(|(_, b)| b).collect()
            })
            .collect();
        Neighbours { lists }
    }

    /// The nearest orders to `order`, nearest first.
    pub fn of(&self, order: usize) -> &[usize] {
        &self.lists[order]
    }
}
