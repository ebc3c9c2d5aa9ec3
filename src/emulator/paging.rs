//! Page sizes and page tokens for the list methods. A token is opaque to clients; inside it
//! carries the offset of the next item and a fingerprint of the other request parameters, so
//! a token replayed with a different filter, parent or order is rejected with
//! `INVALID_ARGUMENT` instead of returning a silently wrong page.

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
        items: Vec<T>,
        req: &impl ListRequest,
        params: &[&str],
    ) -> Result<(Vec<T>, String), Status> {
        let (page_size, page_token) = req.page();
        paginate(items, self, page_size, page_token, params)
    }
}

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

/// One page of `items` and the token for the next one (empty on the last page).
///
/// `params` are the request's other parameters; they must be the same on every page.
pub(crate) fn paginate<T>(
    items: Vec<T>,
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
    let start = if page_token.is_empty() {
        0
    } else {
        decode(page_token, fingerprint)?
    };
    let total = items.len();
    let page: Vec<T> = items.into_iter().skip(start).take(size).collect();
    let next = start + page.len();
    let token = if next < total {
        encode(next, fingerprint)
    } else {
        String::new()
    };
    Ok((page, token))
}

fn encode(offset: usize, fingerprint: u64) -> String {
    let raw = format!("{offset}.{fingerprint:016x}");
    // Opaque, URL-safe, and not obviously an integer a client might be tempted to build.
    raw.bytes().map(|b| format!("{:02x}", b ^ 0x5a)).collect()
}

fn decode(token: &str, fingerprint: u64) -> Result<usize, Status> {
    let bad = || invalid("page_token", "is not a page token this method issued");
    if !token.len().is_multiple_of(2) || token.len() > 128 {
        return Err(bad());
    }
    let bytes: Option<Vec<u8>> = (0..token.len())
        .step_by(2)
        .map(|i| {
            token
                .get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .map(|b| b ^ 0x5a)
        })
        .collect();
    let raw = String::from_utf8(bytes.ok_or_else(bad)?).map_err(|_| bad())?;
    let (offset, fp) = raw.split_once('.').ok_or_else(bad)?;
    let offset: usize = offset.parse().map_err(|_| bad())?;
    let fp = u64::from_str_radix(fp, 16).map_err(|_| bad())?;
    if fp != fingerprint {
        return Err(invalid(
            "page_token",
            "the other request parameters differ from the call that returned this page token",
        ));
    }
    Ok(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: PageRules = PageRules { default: 2, max: 3 };

    #[test]
    fn pages_through_and_rejects_changed_params() {
        let (p1, t1) = paginate((0..5).collect(), RULES, 0, "", &["a"]).unwrap();
        assert_eq!(p1, vec![0, 1]);
        let (p2, t2) = paginate((0..5).collect(), RULES, 9, &t1, &["a"]).unwrap();
        assert_eq!(p2, vec![2, 3, 4]);
        assert!(t2.is_empty());
        assert!(paginate((0..5).collect::<Vec<_>>(), RULES, 0, &t1, &["b"]).is_err());
        assert!(paginate((0..5).collect::<Vec<_>>(), RULES, 0, "zz", &["a"]).is_err());
        assert!(paginate((0..5).collect::<Vec<_>>(), RULES, -1, "", &["a"]).is_err());
    }
}
