use hevruta_model::ExpeditionId;
use hevruta_model::feed::{
    FeedItem, FeedItemId, FeedPage, FeedRead, MarkRead, PostDraft, PostReply, SetFeedReaction,
};

use super::{ApiClient, ApiError};

impl ApiClient {
    /// The first page (with digest and upcoming) when `cursor` is `None`, else older items.
    pub async fn feed(&self, id: ExpeditionId, cursor: Option<&str>) -> Result<FeedPage, ApiError> {
        let query = cursor.map_or(String::new(), |c| {
            format!("?cursor={}", js_sys::encode_uri_component(c))
        });
        self.get(&format!("/expeditions/{id}/feed{query}")).await
    }

    pub async fn post_feed_item(
        &self,
        id: ExpeditionId,
        req: &PostDraft,
    ) -> Result<FeedItem, ApiError> {
        self.post(&format!("/expeditions/{id}/feed"), Some(req))
            .await
    }

    pub async fn set_feed_reaction(
        &self,
        id: ExpeditionId,
        item: FeedItemId,
        req: &SetFeedReaction,
    ) -> Result<FeedItem, ApiError> {
        self.put(&format!("/expeditions/{id}/feed/{item}/reaction"), req)
            .await
    }

    pub async fn reply_to_feed_item(
        &self,
        id: ExpeditionId,
        item: FeedItemId,
        req: &PostReply,
    ) -> Result<FeedItem, ApiError> {
        self.post(&format!("/expeditions/{id}/feed/{item}/replies"), Some(req))
            .await
    }

    pub async fn mark_feed_read(&self, id: ExpeditionId, seq: u64) -> Result<FeedRead, ApiError> {
        self.put(&format!("/expeditions/{id}/feed/read"), &MarkRead { seq })
            .await
    }
}
