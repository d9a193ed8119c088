//! Every answer that is not a success: its status code and its JSON body.
//!
//! Design decision: every error is `{"error": MESSAGE}` (plus `line` and `column` for a body that is not
//! the JSON expected, and a `Retry-After` header with 503), whatever layer it comes from, so a client
//! handles one shape; the messages say which limit was hit and what it is.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// Where in the body parsing failed (1-based line and column).
    pub position: Option<(usize, usize)>,
    pub retry_after_s: Option<u64>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError { status, message: message.into(), position: None, retry_after_s: None }
    }

    /// 400: the body is not valid JSON, or not the request expected.
    pub fn bad_body(error: &serde_json::Error) -> Self {
        let mut e = ApiError::new(StatusCode::BAD_REQUEST, format!("invalid request body: {error}"));
        e.position = Some((error.line(), error.column()));
        e
    }

    /// 413: the body is over the size limit.
    pub fn too_large(limit: usize) -> Self {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request body is larger than this server's limit of {limit} bytes"),
        )
    }

    /// 503: every worker busy and the queue full.
    pub fn busy(retry_after_s: u64) -> Self {
        let mut e = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is at capacity (every worker busy and the queue full); retry later",
        );
        e.retry_after_s = Some(retry_after_s);
        e
    }

    /// 504: the request took longer than the timeout.
    pub fn timed_out(timeout: std::time::Duration) -> Self {
        ApiError::new(
            StatusCode::GATEWAY_TIMEOUT,
            format!("the request took longer than this server's limit of {:.3} s", timeout.as_secs_f64()),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: &self.message,
            line: self.position.map(|(line, _)| line),
            column: self.position.map(|(_, column)| column),
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after_s {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
