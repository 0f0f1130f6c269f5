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
        self.post("/expeditions", Some(req)).await
    }

    pub async fn expedition(&self, id: ExpeditionId) -> Result<ExpeditionSnapshot, ApiError> {
        self.get(&format!("/expeditions/{id}")).await
    }

    pub async fn update_expedition(
        &self,
        id: ExpeditionId,
        req: &UpdateExpedition,
    ) -> Result<ExpeditionSnapshot, ApiError> {
        self.patch(&format!("/expeditions/{id}"), req).await
    }

    pub async fn members(&self, id: ExpeditionId) -> Result<Vec<Member>, ApiError> {
        self.get(&format!("/expeditions/{id}/members")).await
    }

    pub async fn set_stage(
        &self,
        id: ExpeditionId,
        stage: Stage,
    ) -> Result<ExpeditionSnapshot, ApiError> {
        self.put(&format!("/expeditions/{id}/stage"), &SetStage { stage })
            .await
    }

    pub async fn regenerate_join_code(
        &self,
        id: ExpeditionId,
    ) -> Result<JoinCodeResponse, ApiError> {
        self.post::<_, ()>(&format!("/expeditions/{id}/join-code"), None)
            .await
    }
}
