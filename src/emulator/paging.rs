//! Page sizes and page tokens for the list methods.
//!
//! # Tokens are cursors
//!
//! Every list sorts its items by a [`Key`] that is unique per item (the documented order,
//! then the resource name) and a page token carries the key of the last item it returned:
//! the next page starts at the first item after it. An offset would skip an item when one
//! before it is deleted between pages and repeat one when an item is added in front of a
//! descending walk; a cursor returns each item that exists throughout the walk exactly once,
//! whatever is written meanwhile (an item whose sort key itself changes, like a space's
//! `last_active_time` in `SearchSpaces`, may move across the cursor, as on Google's side).
//!
//! The token is opaque (hex of the key and a fingerprint of the request's other
//! parameters, scrambled), so clients don't build their own, and bound to the request: a
//! token replayed with another parent, filter or order is `INVALID_ARGUMENT`, as Google
//! documents ("all other parameters must match the call that provided the page token").
//!
//! # The orders
//!
//! Where a proto comment states the order, the key follows it: messages by `create_time`
//! (`order_by` ascending or descending), space events by `event_time`, `SearchMessages` by
//! `create_time` newest first, `SearchSpaces` by its `order_by`. Where the docs are silent
//! the emulator picks a stable one: spaces (`ListSpaces`, `FindGroupChats`, section items)
//! in creation order, memberships by `create_time`, sections by `sort_order`, reactions, pins
//! and custom emojis by resource name. The resource name ends every key, which makes it
//! unique.

use tonic::Status;

use super::errors::invalid;
use super::ids::fnv64;

/// Page size rules of one list method, from its proto comment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageRules {
    pub(crate) default: usize,
    pub(crate) max: usize,
}

impl PageRules {
    /// `default` items when the request asks for none; asking for more than `max` gets `max`.
    pub(crate) const fn new(default: usize, max: usize) -> Self {
        PageRules { default, max }
    }

    /// [`paginate`] with the page size and token of a list request.
    pub(crate) fn page<T>(
        self,
        items: impl IntoIterator<Item = (Key, T)>,
        req: &impl ListRequest,
        params: &[&str],
    ) -> Result<(Vec<T>, String), Status> {
        let (page_size, page_token) = req.page();
        paginate(items, self, page_size, page_token, params)
    }
}

/// An item's position in a list: compared as bytes, built from the parts of the order.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Key(Vec<u8>);

impl Key {
    pub(crate) fn new() -> Key {
        Key(Vec::with_capacity(64))
    }

    /// Orders by `v`, smallest first. Big-endian with the sign bit flipped, so byte order
    /// is numeric order.
    pub(crate) fn asc(mut self, v: i128) -> Key {
        self.0
            .extend_from_slice(&((v as u128) ^ (1 << 127)).to_be_bytes());
        self
    }

    /// Orders by `v`, largest first.
    pub(crate) fn desc(mut self, v: i128) -> Key {
        self.0
            .extend_from_slice(&(!((v as u128) ^ (1 << 127))).to_be_bytes());
        self
    }

    /// Orders by `v` in either direction.
    pub(crate) fn by(self, v: i128, descending: bool) -> Key {
        if descending {
            self.desc(v)
        } else {
            self.asc(v)
        }
    }

    /// Orders by `s` (bytewise, shorter first). NUL is escaped and the end marked with a
    /// pair smaller than any escaped byte, so keys with parts after the text still compare
    /// part by part.
    pub(crate) fn text(mut self, s: &str) -> Key {
        for &b in s.as_bytes() {
            self.0.push(b);
            if b == 0 {
                self.0.push(0xff);
            }
        }
        self.0.extend_from_slice(&[0, 0]);
        self
    }
}

/// The longest page token accepted: far above any key the emulator builds (two numbers and a
/// resource name), small enough that a hostile token costs nothing to reject.
const MAX_TOKEN: usize = 4096;

/// A request that lists items a page at a time.
pub(crate) trait ListRequest {
    /// `page_size` and `page_token`.
    fn page(&self) -> (i32, &str);
}

macro_rules! list_requests {
    ($($request:ident),* $(,)?) => {$(
        impl ListRequest for crate::proto::chat::v1::$request {
            fn page(&self) -> (i32, &str) {
                (self.page_size, &self.page_token)
            }
        }
    )*};
}

list_requests!(
    FindGroupChatsRequest,
    ListCustomEmojisRequest,
    ListMembershipsRequest,
    ListMessagePinsRequest,
    ListMessagesRequest,
    ListReactionsRequest,
    ListSectionItemsRequest,
    ListSectionsRequest,
    ListSpaceEventsRequest,
    ListSpacesRequest,
    SearchMessagesRequest,
    SearchSpacesRequest,
);

/// One page of `items`, in key order, and the token for the next one (empty on the last
/// page). Keys must be unique (end them with the resource name).
///
/// `params` are the request's other parameters; they must be the same on every page.
pub(crate) fn paginate<T>(
    items: impl IntoIterator<Item = (Key, T)>,
    rules: PageRules,
    page_size: i32,
    page_token: &str,
    params: &[&str],
) -> Result<(Vec<T>, String), Status> {
    if page_size < 0 {
        return Err(invalid("page_size", "must not be negative"));
    }
    let size = match page_size {
        0 => rules.default,
        n => (n as usize).min(rules.max),
    };
    let fingerprint = fnv64(params.join("\u{1f}").as_bytes());
    let after = if page_token.is_empty() {
        None
    } else {
        Some(decode(page_token, fingerprint)?)
    };
    let mut rest: Vec<(Key, T)> = items
        .into_iter()
        .filter(|(k, _)| after.as_ref().is_none_or(|a| k > a))
        .collect();
    // Only the page (and whether anything follows) has to be in order.
    if rest.len() > size + 1 && size > 0 {
        rest.select_nth_unstable_by(size, |a, b| a.0.cmp(&b.0));
        rest.truncate(size + 1);
    }
    rest.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let more = rest.len() > size;
    rest.truncate(size);
    let token = match (more, rest.last()) {
        (true, Some((last, _))) => encode(last, fingerprint),
        _ => String::new(),
    };
    Ok((rest.into_iter().map(|(_, item)| item).collect(), token))
}

fn encode(key: &Key, fingerprint: u64) -> String {
    // Opaque and URL-safe: clients should not be tempted to build or edit one.
    fingerprint
        .to_be_bytes()
        .iter()
        .chain(&key.0)
        .map(|b| format!("{:02x}", b ^ 0x5a))
        .collect()
}

fn decode(token: &str, fingerprint: u64) -> Result<Key, Status> {
    let bad = || invalid("page_token", "is not a page token this method issued");
    if !token.len().is_multiple_of(2) || token.len() > MAX_TOKEN || token.len() < 16 {
        return Err(bad());
    }
    let bytes: Vec<u8> = (0..token.len())
        .step_by(2)
        .map(|i| {
            token
                .get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .map(|b| b ^ 0x5a)
        })
        .collect::<Option<_>>()
        .ok_or_else(bad)?;
    let (fp, key) = bytes.split_at(8);
    let fp = u64::from_be_bytes(fp.try_into().map_err(|_| bad())?);
    if fp != fingerprint {
        return Err(invalid(
            "page_token",
            "the other request parameters differ from the call that returned this page token",
        ));
    }
    Ok(Key(key.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: PageRules = PageRules { default: 2, max: 3 };

    fn keyed(v: &[i128]) -> Vec<(Key, i128)> {
        v.iter().map(|&n| (Key::new().asc(n), n)).collect()
    }

    #[test]
    fn pages_through_and_rejects_changed_params() {
        let (p1, t1) = paginate(keyed(&[4, 0, 3, 1, 2]), RULES, 0, "", &["a"]).unwrap();
        assert_eq!(p1, vec![0, 1]);
        let (p2, t2) = paginate(keyed(&[0, 1, 2, 3, 4]), RULES, 9, &t1, &["a"]).unwrap();
        assert_eq!(p2, vec![2, 3, 4]);
        assert!(t2.is_empty());
        assert!(paginate(keyed(&[0, 1]), RULES, 0, &t1, &["b"]).is_err());
        assert!(paginate(keyed(&[0, 1]), RULES, 0, "zz", &["a"]).is_err());
        assert!(paginate(keyed(&[0, 1]), RULES, -1, "", &["a"]).is_err());
    }

    #[test]
    fn keys_order_like_their_parts() {
        assert!(Key::new().asc(-5) < Key::new().asc(3));
        assert!(Key::new().desc(-5) > Key::new().desc(3));
        assert!(Key::new().asc(i128::MIN) < Key::new().asc(i128::MAX));
        assert!(Key::new().text("a").asc(9) < Key::new().text("ab").asc(0));
        assert!(Key::new().text("a").asc(0) < Key::new().text("a\0").asc(0));
        assert!(Key::new().asc(1).text("b") < Key::new().asc(2).text("a"));
    }
}
