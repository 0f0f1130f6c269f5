use hevruta_model::{Problem, ProblemCode};

/// What can go wrong talking to the backend. The UI shows a translated sentence for each;
/// the server's own text is only a fallback for codes the app does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// 401: no session, or it ended (signed out, left, revoked).
    Unauthorized(Problem),
    /// 404: unknown or not yours (another expedition's ids look the same).
    NotFound(Problem),
    /// 409: conflicts with the current state.
    Conflict(Problem),
    /// Any other problem response.
    Problem(Problem),
    /// The request did not get an answer (offline, DNS, server down).
    Network(String),
    /// An answer arrived but not in the shape of the contract.
    Decode(String),
}

impl ApiError {
    pub fn from_status(status: u16, problem: Option<Problem>) -> Self {
        let problem = problem.unwrap_or_else(|| {
            let mut p = Problem::new(match status {
                401 => ProblemCode::Unauthorized,
                404 => ProblemCode::NotFound,
                409 => ProblemCode::Conflict,
                503 => ProblemCode::Unavailable,
                _ => ProblemCode::Unknown,
            });
            p.status = status;
            p
        });
        match status {
            401 => ApiError::Unauthorized(problem),
            404 => ApiError::NotFound(problem),
            409 => ApiError::Conflict(problem),
            _ => ApiError::Problem(problem),
        }
    }

    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ApiError::Unauthorized(p)
            | ApiError::NotFound(p)
            | ApiError::Conflict(p)
            | ApiError::Problem(p) => Some(p),
            ApiError::Network(_) | ApiError::Decode(_) => None,
        }
    }

    pub fn code(&self) -> Option<ProblemCode> {
        self.problem().map(|p| p.code)
    }

    /// Whether the same request may succeed later unchanged: no answer, a server error,
    /// too many requests, or an answer that was not the contract's (a proxy's page). The
    /// client's retries and the canvas outbox both wait and retry exactly these.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network(_) | ApiError::Decode(_) => true,
            ApiError::Problem(p) => p.status >= 500 || p.status == 429,
            ApiError::Unauthorized(_) | ApiError::NotFound(_) | ApiError::Conflict(_) => false,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.problem() {
            Some(p) => write!(f, "{} ({})", p.title, p.code.as_str()),
            None => match self {
                ApiError::Network(e) => write!(f, "network: {e}"),
                ApiError::Decode(e) => write!(f, "unexpected answer: {e}"),
                _ => Ok(()),
            },
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_kinds_even_without_a_body() {
        assert!(matches!(
            ApiError::from_status(401, None),
            ApiError::Unauthorized(_)
        ));
        assert!(matches!(
            ApiError::from_status(404, None),
            ApiError::NotFound(_)
        ));
        assert_eq!(
            ApiError::from_status(503, None).code(),
            Some(ProblemCode::Unavailable)
        );
        assert_eq!(
            ApiError::from_status(418, None).code(),
            Some(ProblemCode::Unknown)
        );
    }

    #[test]
    fn only_failures_that_may_pass_later_are_transient() {
        for status in [500, 502, 503, 504, 429] {
            assert!(
                ApiError::from_status(status, None).is_transient(),
                "{status}"
            );
        }
        for status in [400, 401, 403, 404, 409, 413, 422] {
            assert!(
                !ApiError::from_status(status, None).is_transient(),
                "{status}"
            );
        }
        assert!(ApiError::Network("offline".into()).is_transient());
    }

    #[test]
    fn the_servers_problem_is_kept() {
        let p = Problem::new(ProblemCode::WrongJoinCode);
        let e = ApiError::from_status(404, Some(p.clone()));
        assert_eq!(e.problem(), Some(&p));
    }
}
