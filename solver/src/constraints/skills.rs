//! Skills: what an order needs (age check, cold chain, tail lift) and what a vehicle and its
//! driver offer. An order can only go on a vehicle that has all of its skills.

/// A set of skills as bits; the problem keeps the names ([`crate::Problem::skills`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Skills(pub u64);

/// How many distinct skills a problem may name.
pub const MAX_SKILLS: usize = 64;

impl Skills {
    pub const NONE: Skills = Skills(0);

    pub fn with(self, skill: usize) -> Skills {
        Skills(self.0 | (1 << skill))
    }

    /// True when every skill in `needed` is in `self`.
    #[inline]
    pub fn covers(self, needed: Skills) -> bool {
        needed.0 & !self.0 == 0
    }

    /// The indices of the skills in the set.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..MAX_SKILLS).filter(move |&k| self.0 & (1 << k) != 0)
    }
}
