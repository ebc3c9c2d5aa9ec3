//! Usage limits (`EmulatorBuilder::quotas`): the call past a limit is refused as Google
//! refuses it (RESOURCE_EXHAUSTED with QuotaFailure, ErrorInfo and RetryInfo; HTTP 429 with
//! the same details in JSON over REST), reads and writes and projects have budgets of their
//! own, and windows free up when the emulator's clock moves on.

use std::time::Duration;

use google_chat_grpc::emulator::{DEFAULT_QUOTA_PROJECT, Emulator, EmulatorHandle};
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::*;
use google_chat_grpc::quotas::{Quota, QuotaLimits};
use tonic::transport::Channel;
use tonic::{Code, Status};
use tonic_types::StatusExt;

use crate::emulator_support::{as_, member, team};
use crate::rest::Rest;

async fn start(
    builder: google_chat_grpc::emulator::EmulatorBuilder,
) -> (EmulatorHandle, ChatServiceClient<Channel>) {
    let emulator = builder.start().await.expect("start");
    let client = ChatServiceClient::connect(emulator.uri())
        .await
        .expect("connect");
    (emulator, client)
}

fn post_request(space: &str, text: &str) -> CreateMessageRequest {
    CreateMessageRequest {
        parent: space.into(),
        message: Some(Message {
            text: text.into(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

async fn post(c: &mut ChatServiceClient<Channel>, space: &str) -> Result<Message, Status> {
    c.create_message(as_("user:1", post_request(space, "hi")))
        .await
        .map(tonic::Response::into_inner)
}

async fn read(c: &mut ChatServiceClient<Channel>, space: &str) -> Result<Space, Status> {
    c.get_space(as_(
        "user:1",
        GetSpaceRequest {
            name: space.into(),
            ..Default::default()
        },
    ))
    .await
    .map(tonic::Response::into_inner)
}

/// The details every quota refusal carries, checked for `quota` on `subject`.
#[track_caller]
fn assert_quota_error(status: &Status, quota: Quota, subject: &str, limit: u32, window: Duration) {
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(
        status.message().starts_with(&format!(
            "Quota exceeded for quota metric '{}' and limit '{}' of service 'chat.googleapis.com'",
            quota.name(),
            quota.limit_name()
        )),
        "{}",
        status.message()
    );
    let details = status.get_error_details();
    let failure = details.quota_failure().expect("QuotaFailure");
    let v = &failure.violations[0];
    assert_eq!(v.subject, subject);
    assert_eq!(v.api_service, "chat.googleapis.com");
    assert_eq!(v.quota_metric, quota.metric());
    assert_eq!(v.quota_id, quota.limit_name());
    assert_eq!(v.quota_value, i64::from(limit));
    assert!(v.description.contains(quota.name()), "{}", v.description);

    let info = details.error_info().expect("ErrorInfo");
    assert_eq!(info.reason, "RATE_LIMIT_EXCEEDED");
    assert_eq!(info.domain, "googleapis.com");
    let meta = |k: &str| info.metadata.get(k).map(String::as_str);
    assert_eq!(meta("service"), Some("chat.googleapis.com"));
    assert_eq!(meta("quota_metric"), Some(quota.metric()));
    assert_eq!(meta("quota_limit"), Some(quota.limit_name()));
    assert_eq!(meta("quota_limit_value"), Some(limit.to_string().as_str()));

    let retry = details.retry_info().expect("RetryInfo");
    let delay = retry.retry_delay.expect("a delay");
    assert!(delay > Duration::ZERO && delay <= window, "{delay:?}");
}

/// The 61st write in a space within a minute is refused with the per-space write quota
/// named; reads of the space, and writes in another space, still go; a minute later the
/// space takes writes again.
#[tokio::test]
async fn the_write_past_a_spaces_limit_is_refused_until_the_window_frees() {
    let (emu, mut c) = start(Emulator::builder().quotas(true)).await;
    let a = team(&mut c, "A").await.name;
    let b = team(&mut c, "B").await.name;
    for i in 0..60 {
        post(&mut c, &a)
            .await
            .unwrap_or_else(|e| panic!("write {i}: {e:?}"));
    }
    let refused = post(&mut c, &a).await.unwrap_err();
    assert_quota_error(
        &refused,
        Quota::WritesPerSpace,
        &a,
        60,
        Duration::from_secs(60),
    );
    let info = refused.get_error_details().error_info().unwrap().clone();
    assert_eq!(
        info.metadata.get("consumer").map(String::as_str),
        Some(format!("projects/{DEFAULT_QUOTA_PROJECT}").as_str())
    );
    assert_eq!(info.metadata.get("space"), Some(&a));
    let failure = refused.get_error_details().quota_failure().unwrap().clone();
    assert_eq!(
        failure.violations.len(),
        1,
        "only the space's limit is reached"
    );
    assert_eq!(
        failure.violations[0].quota_dimensions.get("space"),
        Some(&a)
    );
    // A refused call takes no slot, and the refusal is the same the next time.
    assert_eq!(
        post(&mut c, &a).await.unwrap_err().code(),
        Code::ResourceExhausted
    );
    assert_eq!(emu.snapshot().messages_in(&a).count(), 60);

    read(&mut c, &a).await.expect("reads have their own budget");
    post(&mut c, &b)
        .await
        .expect("another space has its own budget");

    emu.advance_clock(Duration::from_secs(60));
    post(&mut c, &a).await.expect("the window freed up");
}

/// Reads and writes of a space are counted apart, each to its own limit, and RetryInfo
/// says when the oldest call of the window leaves it.
#[tokio::test]
async fn reads_and_writes_have_budgets_of_their_own() {
    let limits = QuotaLimits::published()
        .with_limit(Quota::WritesPerSpace, 2)
        .with_limit(Quota::ReadsPerSpace, 3);
    let (emu, mut c) = start(Emulator::builder().quota_limits(limits)).await;
    let a = team(&mut c, "A").await.name;
    post(&mut c, &a).await.unwrap();
    emu.advance_clock(Duration::from_secs(20));
    post(&mut c, &a).await.unwrap();
    let refused = post(&mut c, &a).await.unwrap_err();
    assert_quota_error(
        &refused,
        Quota::WritesPerSpace,
        &a,
        2,
        Duration::from_secs(60),
    );
    let delay = refused
        .get_error_details()
        .retry_info()
        .unwrap()
        .retry_delay
        .unwrap();
    assert!(
        delay <= Duration::from_secs(40) && delay > Duration::from_secs(39),
        "the first write leaves the window 60 s after it: {delay:?}"
    );

    for _ in 0..3 {
        read(&mut c, &a).await.expect("reads are not writes");
    }
    let refused = read(&mut c, &a).await.unwrap_err();
    assert_quota_error(
        &refused,
        Quota::ReadsPerSpace,
        &a,
        3,
        Duration::from_secs(60),
    );

    // 40 s on, the first write has left the window (the second has not); the reads,
    // made 20 s in, have not.
    emu.advance_clock(Duration::from_secs(40));
    post(&mut c, &a).await.expect("one slot freed");
    assert_eq!(
        post(&mut c, &a).await.unwrap_err().code(),
        Code::ResourceExhausted
    );
    assert_eq!(
        read(&mut c, &a).await.unwrap_err().code(),
        Code::ResourceExhausted
    );
    emu.advance_clock(Duration::from_secs(20));
    read(&mut c, &a).await.expect("the reads' window freed");
}

/// Per-project quotas are counted per `x-goog-user-project`, and without one, for the
/// emulator's one default project, whoever calls; the refusal names the project.
#[tokio::test]
async fn projects_come_from_x_goog_user_project() {
    let limits = QuotaLimits::published().with_limit(Quota::MessageWrites, 2);
    let (_emu, mut c) = start(Emulator::builder().quota_limits(limits)).await;
    let a = team(&mut c, "A").await.name;
    let b = team(&mut c, "B").await.name;
    post(&mut c, &a).await.unwrap();
    c.create_message(as_("user:2", post_request(&b, "from another caller")))
        .await
        .expect("another caller, the same default project");
    let refused = post(&mut c, &b).await.unwrap_err();
    let subject = format!("projects/{DEFAULT_QUOTA_PROJECT}");
    assert_quota_error(
        &refused,
        Quota::MessageWrites,
        &subject,
        2,
        Duration::from_secs(60),
    );

    let mut other = as_("user:1", post_request(&b, "billed elsewhere"));
    other
        .metadata_mut()
        .insert("x-goog-user-project", "other-project".parse().unwrap());
    c.create_message(other)
        .await
        .expect("another project's budget");
}

/// Creating named spaces and group chats counts against the space-creation limit; direct
/// messages do not.
#[tokio::test]
async fn direct_messages_are_not_space_creations() {
    let limits = QuotaLimits::published().with_limit(Quota::SpaceCreations, 1);
    let (_emu, mut c) = start(Emulator::builder().quota_limits(limits)).await;
    team(&mut c, "A").await;
    let named = SetUpSpaceRequest {
        space: Some(Space {
            space_type: space::SpaceType::Space as i32,
            display_name: "B".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let refused = c.set_up_space(as_("user:1", named)).await.unwrap_err();
    let subject = format!("projects/{DEFAULT_QUOTA_PROJECT}");
    assert_quota_error(
        &refused,
        Quota::SpaceCreations,
        &subject,
        1,
        Duration::from_secs(60),
    );
    let dm = SetUpSpaceRequest {
        space: Some(Space {
            space_type: space::SpaceType::DirectMessage as i32,
            ..Default::default()
        }),
        memberships: vec![member("users/2")],
        ..Default::default()
    };
    c.set_up_space(as_("user:1", dm))
        .await
        .expect("a DM is no space creation");
}

/// Off by default: thousands of writes in one space go through.
#[tokio::test]
async fn without_quotas_nothing_is_refused_for_volume() {
    let (_emu, mut c) = start(Emulator::builder()).await;
    let a = team(&mut c, "A").await.name;
    for _ in 0..200 {
        post(&mut c, &a).await.unwrap();
    }
}

/// A shorter window (the binary's `--quota-window`) lets the same number of calls through
/// per window; moving the clock by that window frees it.
#[tokio::test]
async fn quota_window_scales_every_window() {
    let limits = QuotaLimits::published().with_limit(Quota::WritesPerSpace, 1);
    let builder = Emulator::builder()
        .quota_limits(limits)
        .quota_window(Duration::from_secs(600));
    let (emu, mut c) = start(builder).await;
    let a = team(&mut c, "A").await.name;
    post(&mut c, &a).await.unwrap();
    let refused = post(&mut c, &a).await.unwrap_err();
    assert_quota_error(
        &refused,
        Quota::WritesPerSpace,
        &a,
        1,
        Duration::from_secs(600),
    );
    emu.advance_clock(Duration::from_secs(60));
    assert_eq!(
        post(&mut c, &a).await.unwrap_err().code(),
        Code::ResourceExhausted
    );
    emu.advance_clock(Duration::from_secs(540));
    post(&mut c, &a).await.unwrap();
}

/// Over REST the refusal is HTTP 429 with `RESOURCE_EXHAUSTED` and the same details as
/// proto3 JSON.
#[tokio::test]
async fn over_rest_it_is_429_with_the_details_in_json() {
    let limits = QuotaLimits::published().with_limit(Quota::WritesPerSpace, 1);
    let emu = Emulator::builder()
        .quota_limits(limits)
        .start()
        .await
        .unwrap();
    let rest = Rest::new(emu.addr(), "user:1");
    let space = crate::rest::team(&rest, "A").await;
    let path = format!("/v1/{space}/messages");
    rest.post(&path, r#"{"text": "one"}"#).await.ok();
    let error = rest.post(&path, r#"{"text": "two"}"#).await.err(429);
    assert_eq!(error["status"], "RESOURCE_EXHAUSTED");
    let details = error["details"].as_array().expect("details");
    let of = |t: &str| {
        details
            .iter()
            .find(|d| d["@type"] == format!("type.googleapis.com/google.rpc.{t}"))
            .unwrap_or_else(|| panic!("no {t} in {details:?}"))
    };
    let violation = &of("QuotaFailure")["violations"][0];
    assert_eq!(violation["subject"], space.as_str());
    assert_eq!(violation["quotaId"], "WritesPerMinutePerSpace");
    assert_eq!(violation["quotaMetric"], "chat.googleapis.com/space_writes");
    assert_eq!(violation["apiService"], "chat.googleapis.com");
    let info = of("ErrorInfo");
    assert_eq!(info["reason"], "RATE_LIMIT_EXCEEDED");
    assert_eq!(info["domain"], "googleapis.com");
    assert_eq!(info["metadata"]["quota_limit"], "WritesPerMinutePerSpace");
    assert_eq!(info["metadata"]["quota_limit_value"], "1");
    let delay = of("RetryInfo")["retryDelay"].as_str().expect("a duration");
    assert!(delay.ends_with('s'), "{delay}");

    // gRPC and REST draw from the same windows.
    let mut c = ChatServiceClient::connect(emu.uri()).await.unwrap();
    let status = post(&mut c, &space).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted);
}
