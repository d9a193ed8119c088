//! The routes: request and response bodies, how a request becomes model work, and its limits.
//!
//! Design decision: a response body is the library's [`DocumentRecord`], the same serializer as a line
//! of `corefer batch`, and a request's `options` are the CLI's rewrite flags under the same names, so
//! the service adds no shapes of its own beyond the request envelope and the error body. A body is read
//! whole (up to the size limit) and parsed by serde_json, which gives the line and column of any error.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use corefer::records::{DocumentRecord, Field, Fields};
use corefer::rewrite::{Naming, Options, PossessiveStyle, Replace};
use corefer::tokenize;
use corefer::{PronounGuard, Resolver, Threads};
use serde::{Deserialize, Serialize};

use crate::admission::Admission;
use crate::card::ModelInfo;
use crate::error::ApiError;
use crate::Limits;

/// What every request shares: the one model, the limits, the admission counters.
pub struct Shared {
    resolver: Resolver,
    pub limits: Limits,
    model: ModelInfo,
    admission: Arc<Admission>,
}

impl Shared {
    pub fn new(resolver: Resolver, limits: Limits, model: ModelInfo) -> Self {
        let admission = Admission::new(limits.workers, limits.queue);
        Shared { resolver, limits, model, admission }
    }
}

/// `POST /v1/resolve`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolveRequest {
    /// The document's text.
    pub text: String,
    /// Echoed as the record's `id` (default "").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default)]
    pub options: RequestOptions,
}

/// One document of `POST /v1/resolve/batch`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRequest {
    pub text: String,
    /// Echoed as the record's `id` (default: the document's position, "0", "1", …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// `POST /v1/resolve/batch`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    pub documents: Vec<DocumentRequest>,
    #[serde(default)]
    pub options: RequestOptions,
}

/// The answer to `POST /v1/resolve/batch`: one record per document, in request order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BatchResponse {
    pub documents: Vec<DocumentRecord>,
}

/// How to resolve: the rewrite flags of `corefer resolve` under the same names; every one optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestOptions {
    /// `pronouns` (default) or `all`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace: Option<ReplaceOption>,
    /// `s` (default) or `apostrophe`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possessive_style: Option<PossessiveOption>,
    /// `nearest` (default) or `representative`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<NamesOption>,
    /// In [0, 1]; default the server's `--min-pronoun-probability` (0.5 unless set).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "guard")]
    pub min_pronoun_probability: Option<f32>,
    /// Which parts of the record to return (default all); `id` is always returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldName>>,
}

impl RequestOptions {
    /// Every option set, as a complete example (documentation and tests).
    pub fn example() -> Self {
        RequestOptions {
            replace: Some(ReplaceOption::Pronouns),
            possessive_style: Some(PossessiveOption::S),
            names: Some(NamesOption::Nearest),
            min_pronoun_probability: Some(0.5),
            fields: Some(vec![FieldName::Id, FieldName::Clusters, FieldName::Text, FieldName::Edits]),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplaceOption {
    Pronouns,
    All,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PossessiveOption {
    S,
    Apostrophe,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NamesOption {
    Nearest,
    Representative,
}

/// A field name of `options.fields`: `id` or one of the record's optional fields.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldName {
    Id,
    Clusters,
    Text,
    Edits,
    Representatives,
    Skipped,
}

fn guard<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<f32>, D::Error> {
    let p = f32::deserialize(deserializer)?;
    PronounGuard::new(p).map(|_| Some(p)).map_err(serde::de::Error::custom)
}

/// A request's options made concrete.
struct Settings {
    options: Options,
    guard: PronounGuard,
    fields: Fields,
}

impl Shared {
    fn settings(&self, request: &RequestOptions) -> Settings {
        let options = Options {
            replace: match request.replace {
                Some(ReplaceOption::All) => Replace::All,
                Some(ReplaceOption::Pronouns) | None => Replace::Pronouns,
            },
            possessive: match request.possessive_style {
                Some(PossessiveOption::Apostrophe) => PossessiveStyle::Apostrophe,
                Some(PossessiveOption::S) | None => PossessiveStyle::S,
            },
            naming: match request.names {
                Some(NamesOption::Representative) => Naming::Representative,
                Some(NamesOption::Nearest) | None => Naming::Nearest,
            },
            ..Options::default()
        };
        let guard = request
            .min_pronoun_probability
            .and_then(|p| PronounGuard::new(p).ok())
            .unwrap_or_else(|| self.resolver.pronoun_guard());
        let fields = match &request.fields {
            None => Fields::ALL,
            Some(names) => Fields::from_list(names.iter().filter_map(|name| match name {
                FieldName::Id => None,
                FieldName::Clusters => Some(Field::Clusters),
                FieldName::Text => Some(Field::Text),
                FieldName::Edits => Some(Field::Edits),
                FieldName::Representatives => Some(Field::Representatives),
                FieldName::Skipped => Some(Field::Skipped),
            })),
        };
        Settings { options, guard, fields }
    }

    /// Resolves `documents` (id, text) on one worker of the blocking pool, after taking a place in the
    /// service (503 when there is none).
    async fn resolve(
        self: &Arc<Self>,
        documents: Vec<(String, String)>,
        settings: Settings,
        batch: bool,
    ) -> Result<Vec<DocumentRecord>, ApiError> {
        let ticket = self.admission.try_enter().ok_or_else(|| ApiError::busy(self.limits.retry_after_s))?;
        let permit = ticket.worker().await;
        let shared = self.clone();
        tokio::task::spawn_blocking(move || {
            let _held = (ticket, permit);
            shared.resolve_now(documents, &settings, batch)
        })
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("model work failed: {e}")))?
    }

    fn resolve_now(
        &self,
        documents: Vec<(String, String)>,
        settings: &Settings,
        batch: bool,
    ) -> Result<Vec<DocumentRecord>, ApiError> {
        let internal = |e: String| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e);
        let mut docs = Vec::with_capacity(documents.len());
        for (index, (id, text)) in documents.into_iter().enumerate() {
            let doc = tokenize(id, text).map_err(|e| internal(e.to_string()))?;
            let (words, max) = (doc.words().len(), self.limits.max_words);
            if words > max {
                let which = if batch { format!("documents[{index}] has") } else { "the document has".into() };
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!(
                        "{which} {words} words, more than this server's limit of {max} words per document"
                    ),
                ));
            }
            docs.push(doc);
        }
        docs.into_iter()
            .map(|doc| {
                let doc = self
                    .resolver
                    .resolve_document_guarded(doc, Threads::ONE, settings.guard)
                    .map_err(|e| internal(e.to_string()))?;
                Ok(DocumentRecord::new(&doc, &settings.options, settings.fields))
            })
            .collect()
    }
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/resolve", post(resolve))
        .route("/v1/resolve/batch", post(resolve_batch))
        .route("/v1/model", get(model))
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(shared)
}

async fn resolve(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Body) -> Response {
    within_timeout(shared.limits.timeout, async move {
        let bytes = read_body(&shared.limits, &headers, body).await?;
        let request: ResolveRequest = serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_body(&e))?;
        let settings = shared.settings(&request.options);
        let documents = vec![(request.id.unwrap_or_default(), request.text)];
        let mut records = shared.resolve(documents, settings, false).await?;
        Ok(Json(records.remove(0)).into_response())
    })
    .await
}

async fn resolve_batch(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Body) -> Response {
    within_timeout(shared.limits.timeout, async move {
        let bytes = read_body(&shared.limits, &headers, body).await?;
        let request: BatchRequest = serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_body(&e))?;
        let (count, max) = (request.documents.len(), shared.limits.max_batch_documents);
        if count > max {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "{count} documents, more than this server's limit of {max} documents per batch request"
                ),
            ));
        }
        let settings = shared.settings(&request.options);
        let documents = request
            .documents
            .into_iter()
            .enumerate()
            .map(|(i, d)| (d.id.unwrap_or_else(|| i.to_string()), d.text))
            .collect();
        let documents = shared.resolve(documents, settings, true).await?;
        Ok(Json(BatchResponse { documents }).into_response())
    })
    .await
}

/// Runs a request's work under the request timeout (504 beyond it).
async fn within_timeout(
    limit: std::time::Duration,
    work: impl std::future::Future<Output = Result<Response, ApiError>>,
) -> Response {
    match tokio::time::timeout(limit, work).await {
        Ok(Ok(response)) => response,
        Ok(Err(e)) => e.into_response(),
        Err(_) => ApiError::timed_out(limit).into_response(),
    }
}

/// The whole body, refused with 413 as soon as it is known to be over the limit.
async fn read_body(limits: &Limits, headers: &HeaderMap, body: Body) -> Result<Bytes, ApiError> {
    let max = limits.max_body_bytes;
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|len| len > max as u64) {
        return Err(ApiError::too_large(max));
    }
    axum::body::to_bytes(body, max).await.map_err(|e| {
        let inner = e.into_inner();
        if inner.downcast_ref::<http_body_util::LengthLimitError>().is_some() {
            ApiError::too_large(max)
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, format!("could not read the request body: {inner}"))
        }
    })
}

async fn model(State(shared): State<Arc<Shared>>) -> Json<ModelInfo> {
    Json(shared.model.clone())
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI).into_response()
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, format!("no route {method} {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, format!("{} does not accept {method}", uri.path()))
}
