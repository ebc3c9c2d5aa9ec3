//! Server-assigned identifiers in the shapes the real API uses: 11-character space IDs that
//! start with `AAAA`, `XXXXXXXXXXX.XXXXXXXXXXX` message IDs, numeric user IDs. They come from
//! a counter run through a mixing function, so they look random but repeat run to run.

/// FNV-1a, 64 bits: stable across runs and platforms (unlike `DefaultHasher`).
pub(crate) fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// splitmix64: a bijective mixer, so distinct counters give distinct IDs.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `len` base64url characters of `x`.
fn base64ish(mut x: u64, len: usize) -> String {
    let mut s = String::with_capacity(len);
    for _ in 0..len {
        s.push(ALPHABET[(x & 63) as usize] as char);
        x = x.rotate_right(6) ^ 0x2545_f491_4f6c_dd1d;
    }
    s
}

/// Counters for every kind of generated ID.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    next: u64,
}

impl Ids {
    fn bump(&mut self) -> u64 {
        self.next += 1;
        mix(self.next)
    }

    /// A space ID such as `AAAAq3Fz0dE`.
    pub(crate) fn space(&mut self) -> String {
        format!("AAAA{}", base64ish(self.bump(), 7))
    }

    /// A reply's message ID, sharing the first part with its thread.
    pub(crate) fn reply(&mut self, thread_id: &str) -> String {
        format!("{thread_id}.{}", base64ish(self.bump(), 11))
    }

    /// A thread ID such as `hJc9Lx2k1aQ`.
    pub(crate) fn thread(&mut self) -> String {
        base64ish(self.bump(), 11)
    }

    /// A short opaque ID for reactions, pins, events, emojis, attachments and sections.
    pub(crate) fn short(&mut self) -> String {
        format!("{:016x}", self.bump())
    }
}

/// The numeric user ID the emulator gives an email address it has not been told about:
/// derived from the address, so the same email gets the same ID in every run.
pub(crate) fn user_id_for_email(email: &str) -> String {
    let h = fnv64(email.to_ascii_lowercase().as_bytes());
    format!("1{h:020}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_real_shapes_and_do_not_repeat() {
        let mut ids = Ids::default();
        let s = ids.space();
        assert!(s.starts_with("AAAA") && s.len() == 11);
        let t = ids.thread();
        assert_eq!(ids.reply(&t).len(), 23);
        assert_ne!(ids.space(), s);
        assert_eq!(user_id_for_email("A@x.com"), user_id_for_email("a@x.com"));
        assert!(
            user_id_for_email("a@x.com")
                .bytes()
                .all(|b| b.is_ascii_digit())
        );
    }
}
