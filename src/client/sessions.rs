use hevruta_model::{
    DeviceLink, DeviceSessions, ExpeditionId, JoinCode, JoinExpedition, JoinPreview, Me, Member,
    MemberId, PersonRole, SessionGrant, SessionId, SetRole,
};

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

    /// A sign-in link for this member on another device (single-use, 10 minutes).
    pub async fn my_device_link(&self, id: ExpeditionId) -> Result<DeviceLink, ApiError> {
        self.post::<_, ()>(&format!("/expeditions/{id}/members/me/device-links"), None)
            .await
    }

    /// A sign-in link for another member, e.g. one who lost their device (facilitators).
    pub async fn device_link_for(
        &self,
        id: ExpeditionId,
        member: MemberId,
    ) -> Result<DeviceLink, ApiError> {
        self.post::<_, ()>(
            &format!("/expeditions/{id}/members/{member}/device-links"),
            None,
        )
        .await
    }

    /// This member's signed-in devices, newest first.
    pub async fn my_sessions(&self, id: ExpeditionId) -> Result<DeviceSessions, ApiError> {
        self.get(&format!("/expeditions/{id}/members/me/sessions"))
            .await
    }

    /// Signs this member out on one of their devices.
    pub async fn end_my_session(
        &self,
        id: ExpeditionId,
        session: SessionId,
    ) -> Result<(), ApiError> {
        self.delete(&format!("/expeditions/{id}/members/me/sessions/{session}"))
            .await
    }

    /// Makes a member co-facilitator, or participant again (facilitators).
    pub async fn set_member_role(
        &self,
        id: ExpeditionId,
        member: MemberId,
        role: PersonRole,
    ) -> Result<Member, ApiError> {
        self.put(
            &format!("/expeditions/{id}/members/{member}/role"),
            &SetRole { role },
        )
        .await
    }
}
