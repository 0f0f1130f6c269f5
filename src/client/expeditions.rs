use gloo_net::http::Method;
use hevruta_model::{
    CreateExpedition, ExpeditionId, ExpeditionSnapshot, JoinCodeResponse, Member, SessionGrant,
    SetStage, Stage, UpdateExpedition,
};

use super::{ApiClient, ApiError};

impl ApiClient {
    pub async fn create_expedition(
        &self,
        req: &CreateExpedition,
    ) -> Result<SessionGrant, ApiError> {
        self.send(Method::POST, "/expeditions", Some(req)).await
    }

    pub async fn expedition(&self, id: ExpeditionId) -> Result<ExpeditionSnapshot, ApiError> {
        self.send::<_, ()>(Method::GET, &format!("/expeditions/{id}"), None)
            .await
    }

    pub async fn update_expedition(
        &self,
        id: ExpeditionId,
        req: &UpdateExpedition,
    ) -> Result<ExpeditionSnapshot, ApiError> {
        self.send(Method::PATCH, &format!("/expeditions/{id}"), Some(req))
            .await
    }

    pub async fn members(&self, id: ExpeditionId) -> Result<Vec<Member>, ApiError> {
        self.send::<_, ()>(Method::GET, &format!("/expeditions/{id}/members"), None)
            .await
    }

    pub async fn set_stage(
        &self,
        id: ExpeditionId,
        stage: Stage,
    ) -> Result<ExpeditionSnapshot, ApiError> {
        self.send(
            Method::PUT,
            &format!("/expeditions/{id}/stage"),
            Some(&SetStage { stage }),
        )
        .await
    }

    pub async fn regenerate_join_code(
        &self,
        id: ExpeditionId,
    ) -> Result<JoinCodeResponse, ApiError> {
        self.send::<_, ()>(Method::POST, &format!("/expeditions/{id}/join-code"), None)
            .await
    }
}
