//! [`AuthLayer`]: the [`TokenCache`] as a tower layer, adding `authorization` to every
//! request of the service it wraps.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::{BoxFuture, TokenCache};

/// Tower layer that adds `authorization: Bearer <token>` from a [`TokenCache`] to every
/// request, fetching asynchronously (tonic interceptors are synchronous and cannot).
///
/// Also usable on its own around a raw tonic `Channel`.
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
