//! The retry loop against a scripted server: what is retried, how often, how long it waits,
//! and that a retried create carries the same request_id every time.

use crate::support;

use std::time::{Duration, Instant};

use google_chat_grpc::proto::chat::v1::*;
use google_chat_grpc::retry::{DefaultRetryPolicy, ExponentialBackoff, RetryBudget};
use google_chat_grpc::{CallOptions, ErrorKind};
use prost::Message as _;
use support::{MockChat, Reply};
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

fn unavailable() -> Reply {
    Reply::Fail(Status::unavailable("try again"))
}

fn create(parent: &str) -> CreateMessageRequest {
    CreateMessageRequest {
        parent: parent.into(),
        message: Some(Message {
            text: "hello".into(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[tokio::test]
async fn unavailable_is_retried_with_the_same_request_id() {
    let (mock, addr) = MockChat::start().await;
    mock.push_n(3, unavailable);
    let created = Message {
        name: "spaces/A/messages/1".into(),
        ..Default::default()
    };
    mock.push(Reply::Ok(created.encode_to_vec().into()));
    let client = support::client_builder(addr).build().await.unwrap();

    let message = client.send(create("spaces/A")).await.unwrap();

    assert_eq!(message.name, "spaces/A/messages/1");
    let calls = mock.calls();
    assert_eq!(calls.len(), 4, "3 failures + 1 success");
    let ids: Vec<String> = calls
        .iter()
        .map(|c| c.decode::<CreateMessageRequest>().request_id)
        .collect();
    assert!(
        uuid::Uuid::parse_str(&ids[0]).is_ok(),
        "a UUID was filled in: {:?}",
        ids[0]
    );
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
}

#[tokio::test]
async fn a_request_id_the_user_set_is_kept_and_opting_out_leaves_it_empty() {
    let (mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr).build().await.unwrap();

    let mut mine = create("spaces/A");
    mine.request_id = "my-own-id".into();
    client.send(mine).await.unwrap();
    client
        .send_with(
            create("spaces/A"),
            CallOptions::default().with_auto_request_id(false),
        )
        .await
        .unwrap();
    // Not a create: nothing to fill.
    client
        .send(GetSpaceRequest {
            name: "spaces/A".into(),
            ..Default::default()
        })
        .await
        .unwrap();

    // The request builders have the same option.
    client
        .create_message("spaces/A")
        .with_auto_request_id(false)
        .send()
        .await
        .unwrap();
    client.create_message("spaces/A").send().await.unwrap();

    let calls = mock.calls();
    assert_eq!(
        calls[0].decode::<CreateMessageRequest>().request_id,
        "my-own-id"
    );
    assert_eq!(calls[1].decode::<CreateMessageRequest>().request_id, "");
    assert_eq!(calls[3].decode::<CreateMessageRequest>().request_id, "");
    let filled = calls[4].decode::<CreateMessageRequest>().request_id;
    assert!(uuid::Uuid::parse_str(&filled).is_ok(), "{filled:?}");
    assert_eq!(calls.len(), 5);
}

#[tokio::test]
async fn space_creates_get_request_ids_too() {
    let (mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr).build().await.unwrap();
    client.send(CreateSpaceRequest::default()).await.unwrap();
    client.send(SetUpSpaceRequest::default()).await.unwrap();
    let calls = mock.calls();
    assert!(
        !calls[0]
            .decode::<CreateSpaceRequest>()
            .request_id
            .is_empty()
    );
    assert!(!calls[1].decode::<SetUpSpaceRequest>().request_id.is_empty());
}

#[tokio::test]
async fn invalid_argument_is_not_retried() {
    let (mock, addr) = MockChat::start().await;
    mock.push(Reply::Fail(Status::invalid_argument("text too long")));
    let client = support::client_builder(addr).build().await.unwrap();

    let err = client.send(create("spaces/A")).await.unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Rpc);
    assert_eq!(err.code(), Some(Code::InvalidArgument));
    assert!(!err.is_transient());
    assert_eq!(err.attempts(), 1);
    assert_eq!(mock.calls().len(), 1);
}

#[tokio::test]
async fn resource_exhausted_is_retried_only_when_opted_in_and_honours_retry_info() {
    let quota = || {
        Reply::Fail(Status::with_error_details(
            Code::ResourceExhausted,
            "quota",
            ErrorDetails::with_retry_info(Some(Duration::from_millis(300))),
        ))
    };
    let (mock, addr) = MockChat::start().await;
    mock.push(quota());
    let client = support::client_builder(addr).build().await.unwrap();
    let err = client.send(create("spaces/A")).await.unwrap_err();
    assert_eq!(err.code(), Some(Code::ResourceExhausted));
    assert_eq!(err.retry_delay(), Some(Duration::from_millis(300)));
    assert_eq!(mock.calls().len(), 1, "not retried by default");

    mock.push(quota());
    let opted_in = CallOptions::default()
        .with_retry_policy(DefaultRetryPolicy::default().with_resource_exhausted(true));
    let started = Instant::now();
    client
        .send_with(create("spaces/A"), opted_in)
        .await
        .unwrap();
    let waited = started.elapsed();
    // The backoff alone would wait at most 5 ms: the 300 ms came from RetryInfo.
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    assert_eq!(mock.calls().len(), 3);
}

#[tokio::test]
async fn retry_info_overrides_the_backoff_for_unavailable_too() {
    let (mock, addr) = MockChat::start().await;
    mock.push(Reply::Fail(Status::with_error_details(
        Code::Unavailable,
        "restarting",
        ErrorDetails::with_retry_info(Some(Duration::from_millis(250))),
    )));
    let client = support::client_builder(addr).build().await.unwrap();
    let started = Instant::now();
    client.send(support::get_space()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert_eq!(mock.calls().len(), 2);
}

#[tokio::test]
async fn the_deadline_caps_the_whole_call() {
    let (mock, addr) = MockChat::start().await;
    mock.always(|| Reply::After(Duration::from_millis(150), Box::new(unavailable())));
    let client = support::client_builder(addr)
        .deadline(Duration::from_millis(600))
        .timeout(Duration::from_millis(400))
        .build()
        .await
        .unwrap();

    let started = Instant::now();
    let err = client.send(support::get_space()).await.unwrap_err();
    let took = started.elapsed();

    assert!(took < Duration::from_millis(900), "took {took:?}");
    assert!(err.attempts() >= 2, "{err:?}");
    assert!(
        matches!(err.kind(), ErrorKind::RetriesExhausted | ErrorKind::Timeout),
        "{err:?}"
    );
    assert!(err.is_transient());
}

#[tokio::test]
async fn a_hanging_server_times_out_within_the_deadline() {
    let (mock, addr) = MockChat::start().await;
    mock.always(|| {
        Reply::After(
            Duration::from_secs(30),
            Box::new(Reply::Ok(Default::default())),
        )
    });
    let client = support::client_builder(addr).build().await.unwrap();

    let started = Instant::now();
    let err = client
        .send_with(
            support::get_space(),
            CallOptions::default().with_deadline(Duration::from_millis(300)),
        )
        .await
        .unwrap_err();
    let took = started.elapsed();

    assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
    assert_eq!(err.code(), Some(Code::DeadlineExceeded));
    assert!(
        took >= Duration::from_millis(290) && took < Duration::from_millis(800),
        "{took:?}"
    );
}

#[tokio::test]
async fn the_budget_stops_a_retry_storm() {
    let (mock, addr) = MockChat::start().await;
    mock.always(unavailable);
    // Retries may add 50% to the call rate, with no free allowance.
    let client = support::client_builder(addr)
        .retry_budget(Some(RetryBudget::new(Duration::from_secs(10), 0, 0.5)))
        .retry_policy(DefaultRetryPolicy::default().with_max_attempts(100))
        .build()
        .await
        .unwrap();

    let calls = 40;
    for _ in 0..calls {
        let err = client.send(support::get_space()).await.unwrap_err();
        assert!(err.is_transient());
    }
    let attempts = mock.calls().len();
    let retries = attempts - calls;
    // Without the budget: 40 x 100 attempts. With it: about one retry per two calls.
    assert!(
        retries <= calls / 2 + 1,
        "{retries} retries for {calls} calls"
    );
    assert!(retries >= 1, "the budget allows some retries");
}

#[tokio::test]
async fn without_retry_makes_one_attempt() {
    let (mock, addr) = MockChat::start().await;
    mock.always(unavailable);
    let client = support::client_builder(addr).build().await.unwrap();
    let err = client
        .send_with(support::get_space(), CallOptions::default().without_retry())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(Code::Unavailable));
    assert_eq!(mock.calls().len(), 1);
}

#[tokio::test]
async fn max_attempts_exhausted_reports_all_attempts() {
    let (mock, addr) = MockChat::start().await;
    mock.always(unavailable);
    let client = support::client_builder(addr)
        .retry_policy(DefaultRetryPolicy::default().with_max_attempts(4))
        .build()
        .await
        .unwrap();
    let err = client.send(support::get_space()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RetriesExhausted);
    assert_eq!(err.attempts(), 4);
    assert_eq!(err.code(), Some(Code::Unavailable));
    assert_eq!(mock.calls().len(), 4);
}

proptest::proptest! {
    #[test]
    fn backoff_delays_stay_within_their_ceiling(
        initial_ms in 1u64..5_000,
        multiplier in 1.0f64..3.0,
        max_ms in 1u64..60_000,
        retry in 1u32..200,
    ) {
        let backoff = ExponentialBackoff::new(
            Duration::from_millis(initial_ms), multiplier, Duration::from_millis(max_ms));
        let ceiling = backoff.ceiling(retry);
        proptest::prop_assert!(ceiling <= Duration::from_millis(max_ms));
        proptest::prop_assert!(ceiling <= backoff.ceiling(retry + 1));
        proptest::prop_assert!(backoff.delay(retry) <= ceiling);
        let uncapped = Duration::from_millis(initial_ms).as_secs_f64() * multiplier.powi(retry as i32 - 1);
        if uncapped < Duration::from_millis(max_ms).as_secs_f64() {
            proptest::prop_assert!((ceiling.as_secs_f64() - uncapped).abs() < 1e-6);
        }
    }
}

#[test]
fn google_defaults() {
    let backoff = ExponentialBackoff::default();
    assert_eq!(backoff.ceiling(1), Duration::from_secs(1));
    assert_eq!(backoff.ceiling(3), Duration::from_secs_f64(1.69));
    assert_eq!(backoff.ceiling(100), Duration::from_secs(10));
}

/// `Duration::MAX` as the client's deadline and timeout, or a call's, is "no limit": the
/// calls run (they used to panic computing `start + deadline`), retries included, and the
/// server sees a `grpc-timeout` of decades (the deadline saturates at 30 years).
#[tokio::test]
async fn duration_max_deadlines_and_timeouts_mean_no_limit() {
    let (mock, addr) = MockChat::start().await;
    mock.push(unavailable());
    let client = support::client_builder(addr)
        .deadline(Duration::MAX)
        .timeout(Duration::MAX)
        .build()
        .await
        .unwrap();
    client.send(create("spaces/A")).await.unwrap();
    client
        .create_message("spaces/A")
        .with_deadline(Duration::MAX)
        .with_timeout(Duration::MAX)
        .send()
        .await
        .unwrap();

    let calls = mock.calls();
    assert_eq!(calls.len(), 3, "the UNAVAILABLE was retried");
    for call in &calls {
        let timeout = call.header("grpc-timeout").unwrap();
        let (value, unit) = timeout.split_at(timeout.len() - 1);
        let minutes = match unit {
            "M" => value.parse::<u64>().unwrap(),
            "H" => value.parse::<u64>().unwrap() * 60,
            _ => 0,
        };
        assert!(minutes >= 29 * 365 * 24 * 60, "{timeout}");
    }
}
