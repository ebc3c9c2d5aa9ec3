//! [`AuthLayer`]: the [`TokenCache`] as a tower layer, adding `authorization` to every
//! request of the service it wraps: for a raw tonic `Channel`. (`ChatClient` does not use
//! it: each of its attempts takes the token from the cache itself, so that a failure is an
//! auth [`Error`](crate::Error) right there.)

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::{BoxFuture, TokenCache};

/// Tower layer that adds `authorization: Bearer <token>` from a [`TokenCache`] to every
/// request, fetching asynchronously (tonic interceptors are synchronous and cannot).
///
/// For a raw tonic `Channel`; a [`ChatClient`](crate::ChatClient) puts the token on each
/// attempt itself. A failure to get a token is the call's error, an [`AuthError`](super::AuthError)
/// (which `Error::from` a tonic `Status` made of it recognises as
/// [`ErrorKind::Auth`](crate::ErrorKind::Auth)).
#[derive(Clone, Debug)]
pub struct AuthLayer {
    cache: Option<Arc<TokenCache>>,
}

impl AuthLayer {
    /// A layer adding tokens from `cache`; `None` adds nothing.
    pub fn new(cache: Option<Arc<TokenCache>>) -> Self {
        Self { cache }
    }
}

impl<S> tower::Layer<S> for AuthLayer {
    type Service = AuthService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        AuthService {
            inner,
            cache: self.cache.clone(),
        }
    }
}

/// The service made by [`AuthLayer`].
#[derive(Clone, Debug)]
pub struct AuthService<S> {
    inner: S,
    cache: Option<Arc<TokenCache>>,
}

impl<S, B> tower::Service<http::Request<B>> for AuthService<S>
where
    S: tower::Service<http::Request<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<tower::BoxError>,
    B: Send + 'static,
{
    type Response = S::Response;
    type Error = tower::BoxError;
    type Future = AuthFuture<S::Future, S::Response>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        // The ready inner service goes with this call; a fresh clone waits for the next.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let cache = match &self.cache {
            None => None,
            Some(cache) => match cache.cached() {
                Some(header) => {
                    request
                        .headers_mut()
                        .insert(http::header::AUTHORIZATION, header);
                    None
                }
                None => Some(cache.clone()),
            },
        };
        let state = match cache {
            None => AuthFutureState::Cached {
                future: inner.call(request),
            },
            Some(cache) => AuthFutureState::Fetching {
                future: Box::pin(async move {
                    let header = cache.header().await?;
                    request
                        .headers_mut()
                        .insert(http::header::AUTHORIZATION, header);
                    inner.call(request).await.map_err(Into::into)
                }),
            },
        };
        AuthFuture { state }
    }
}

pin_project_lite::pin_project! {
    /// The future of [`AuthService`]: the inner call's own future while the token is
    /// cached (almost every call: no box, no await), a boxed one only when a token must be
    /// fetched first.
    pub struct AuthFuture<F, T> {
        #[pin]
        state: AuthFutureState<F, T>,
    }
}

pin_project_lite::pin_project! {
    #[project = AuthFutureProj]
    enum AuthFutureState<F, T> {
        Cached { #[pin] future: F },
        Fetching { future: BoxFuture<'static, Result<T, tower::BoxError>> },
    }
}

impl<F, T> fmt::Debug for AuthFuture<F, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            AuthFutureState::Cached { .. } => "Cached",
            AuthFutureState::Fetching { .. } => "Fetching",
        };
        f.debug_struct("AuthFuture").field("state", &state).finish()
    }
}

impl<F, T, E> Future for AuthFuture<F, T>
where
    F: Future<Output = Result<T, E>>,
    E: Into<tower::BoxError>,
{
    type Output = Result<T, tower::BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            AuthFutureProj::Cached { future } => future.poll(cx).map_err(Into::into),
            AuthFutureProj::Fetching { future } => future.as_mut().poll(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use tower::{Layer as _, Service as _, ServiceExt as _};

    use super::*;
    use crate::auth::{AccessToken, AuthError, StaticToken, Token, TokenSource};

    /// The `authorization` header of each request the inner service got.
    type Seen = Arc<Mutex<Vec<Option<String>>>>;

    /// An inner service that records the `authorization` header of each request.
    #[derive(Clone, Default)]
    struct Recorder(Seen);

    impl tower::Service<http::Request<()>> for Recorder {
        type Response = ();
        type Error = std::convert::Infallible;
        type Future = std::future::Ready<Result<(), Self::Error>>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, request: http::Request<()>) -> Self::Future {
            let header = request
                .headers()
                .get(http::header::AUTHORIZATION)
                .map(|v| v.to_str().unwrap().to_owned());
            self.0.lock().unwrap().push(header);
            std::future::ready(Ok(()))
        }
    }

    fn recorder() -> (Recorder, Seen) {
        let recorder = Recorder::default();
        let seen = recorder.0.clone();
        (recorder, seen)
    }

    #[tokio::test]
    async fn the_layer_fetches_once_then_adds_the_cached_token_without_a_box() {
        let cache = TokenCache::new(
            Arc::new(StaticToken(AccessToken::new("t0ken"))),
            TokenCache::DEFAULT_REFRESH_AHEAD,
        );
        let (inner, seen) = recorder();
        let mut service = AuthLayer::new(Some(cache)).layer(inner);

        let first = service.ready().await.unwrap().call(http::Request::new(()));
        assert_eq!(format!("{first:?}"), r#"AuthFuture { state: "Fetching" }"#);
        first.await.unwrap();
        let second = service.ready().await.unwrap().call(http::Request::new(()));
        assert_eq!(format!("{second:?}"), r#"AuthFuture { state: "Cached" }"#);
        second.await.unwrap();

        let header = Some("Bearer t0ken".to_owned());
        assert_eq!(*seen.lock().unwrap(), [header.clone(), header]);
    }

    #[tokio::test]
    async fn the_layer_without_a_cache_adds_nothing() {
        let (inner, seen) = recorder();
        let mut service = AuthLayer::new(None).layer(inner);
        service
            .ready()
            .await
            .unwrap()
            .call(http::Request::new(()))
            .await
            .unwrap();
        assert_eq!(*seen.lock().unwrap(), [None]);
    }

    struct Failing;

    impl TokenSource for Failing {
        fn token(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
            Box::pin(async { Err(AuthError::new("token endpoint said no")) })
        }
    }

    #[tokio::test]
    async fn the_layer_fails_the_call_with_the_auth_error_without_calling_inner() {
        let cache = TokenCache::new(Arc::new(Failing), Duration::from_secs(60));
        let (inner, seen) = recorder();
        let mut service = AuthLayer::new(Some(cache)).layer(inner);
        let err = service
            .ready()
            .await
            .unwrap()
            .call(http::Request::new(()))
            .await
            .unwrap_err();
        assert!(err.is::<AuthError>(), "{err:?}");
        assert!(
            seen.lock().unwrap().is_empty(),
            "the inner service was called"
        );
    }
}
