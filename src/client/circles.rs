use hevruta_model::{
    CreateLearning, ExpeditionId, Learning, LearningDraft, LearningId, LearningListing, MemberId,
    Profile, ProfileListing, SaveProfile, SetHidden, SetReaction,
};

use super::{ApiClient, ApiError};

impl ApiClient {
    /// The profiles of the expedition's members, and where the stream continues.
    pub async fn profiles(&self, id: ExpeditionId) -> Result<ProfileListing, ApiError> {
        self.get(&format!("/expeditions/{id}/profiles")).await
    }

    /// Writes this member's own profile (a PUT: safe to repeat).
    pub async fn save_profile(
        &self,
        id: ExpeditionId,
        member: MemberId,
        req: &SaveProfile,
    ) -> Result<Profile, ApiError> {
        self.put(&format!("/expeditions/{id}/profiles/{member}"), req)
            .await
    }

    /// The learnings (hidden ones too, for the facilitator), and where the stream continues.
    pub async fn learnings(&self, id: ExpeditionId) -> Result<LearningListing, ApiError> {
        self.get(&format!("/expeditions/{id}/learnings")).await
    }

    /// Records a learning with its client-made id; a retry answers the stored learning.
    pub async fn create_learning(
        &self,
        id: ExpeditionId,
        req: &CreateLearning,
    ) -> Result<Learning, ApiError> {
        self.post(&format!("/expeditions/{id}/learnings"), Some(req))
            .await
    }

    /// Rewrites (and perhaps moves) this member's own learning.
    pub async fn update_learning(
        &self,
        id: ExpeditionId,
        learning: LearningId,
        req: &LearningDraft,
    ) -> Result<Learning, ApiError> {
        self.put(&format!("/expeditions/{id}/learnings/{learning}"), req)
            .await
    }

    /// Deletes this member's own learning; one already gone counts as deleted.
    pub async fn delete_learning(
        &self,
        id: ExpeditionId,
        learning: LearningId,
    ) -> Result<(), ApiError> {
        match self
            .delete(&format!("/expeditions/{id}/learnings/{learning}"))
            .await
        {
            Err(ApiError::NotFound(_)) => Ok(()),
            other => other,
        }
    }

    /// Hides a learning from all but the facilitator, or shows it again (facilitator).
    pub async fn set_learning_hidden(
        &self,
        id: ExpeditionId,
        learning: LearningId,
        hidden: bool,
    ) -> Result<Learning, ApiError> {
        self.put(
            &format!("/expeditions/{id}/learnings/{learning}/hidden"),
            &SetHidden { hidden },
        )
        .await
    }

    /// "I learned from this", or not any more.
    pub async fn set_learning_reaction(
        &self,
        id: ExpeditionId,
        learning: LearningId,
        learned: bool,
    ) -> Result<Learning, ApiError> {
        self.put(
            &format!("/expeditions/{id}/learnings/{learning}/reaction"),
            &SetReaction { learned },
        )
        .await
    }
}
