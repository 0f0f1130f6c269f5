use hevruta_model::{ExpeditionId, JoinCode, JoinExpedition, JoinPreview, Me, SessionGrant};

use super::{ApiClient, ApiError};

impl ApiClient {
    pub async fn join(&self, req: &JoinExpedition) -> Result<SessionGrant, ApiError> {
        self.post("/join", Some(req)).await
    }

    /// The title and city of the expedition a code leads to (no session needed).
    pub async fn join_preview(&self, code: &JoinCode) -> Result<JoinPreview, ApiError> {
        self.get(&format!("/join/{}", code.as_str())).await
    }

    /// Redeems a sign-in link (`/session#link=…`): a new session of its member.
    pub async fn redeem_device_link(&self, link: &str) -> Result<SessionGrant, ApiError> {
        let req = hevruta_model::RedeemDeviceLink { link: link.into() };
        self.post("/sessions", Some(&req)).await
    }

    pub async fn me(&self) -> Result<Me, ApiError> {
        self.get("/me").await
    }

    /// Ends this device's session; the member stays in the expedition. The only
    /// facilitator's last session answers 409 `last_facilitator` unless `force`.
    pub async fn sign_out(&self, force: bool) -> Result<(), ApiError> {
        self.delete(if force {
            "/session?force=true"
        } else {
            "/session"
        })
        .await
    }

    /// Leaves the expedition for good.
    pub async fn leave(&self, id: ExpeditionId) -> Result<(), ApiError> {
        self.delete(&format!("/expeditions/{id}/members/me")).await
    }
}
