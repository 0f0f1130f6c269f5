//! The demo expedition `cargo xtask run` opens on a fresh machine, so there is something
//! to look at before anyone has created anything.

use hevruta_model::{CreateExpedition, ExpeditionId, JoinCode, Role, Sector, ValidJoin};

use crate::auth::{hash_token, new_join_code, new_token};
use crate::store::{Store, StoreError};

pub const DEMO_TITLE: &str = "Bat Yam: the city as one big school (demo)";

/// How to get into the demo: its code for participants and a fresh facilitator token.
pub struct DemoAccess {
    pub expedition_id: ExpeditionId,
    pub join_code: JoinCode,
    pub facilitator_token: String,
}

/// Creates the demo on first run; on later runs finds it. Either way mints a new
/// facilitator session, because tokens are stored only as hashes and cannot be shown again.
pub async fn ensure_demo(store: &Store) -> Result<DemoAccess, StoreError> {
    let id = match store.find_by_title(DEMO_TITLE).await? {
        Some(id) => id,
        None => seed(store).await?,
    };
    let snapshot = store
        .snapshot(id)
        .await?
        .ok_or_else(|| StoreError::Corrupt("demo expedition vanished".into()))?;
    let facilitator = snapshot
        .members
        .iter()
        .find(|m| m.role == Role::Facilitator)
        .ok_or_else(|| StoreError::Corrupt("demo has no facilitator".into()))?;
    let token = new_token();
    store
        .add_session(facilitator.id, &hash_token(&token))
        .await?;
    Ok(DemoAccess {
        expedition_id: id,
        join_code: snapshot
            .join_code
            .ok_or_else(|| StoreError::Corrupt("demo has no join code".into()))?,
        facilitator_token: token,
    })
}

async fn seed(store: &Store) -> Result<ExpeditionId, StoreError> {
    let new = CreateExpedition {
        title: DEMO_TITLE.into(),
        city: "Bat Yam".into(),
        challenge: "How can every school, business, non-profit and resident of Bat Yam become a place where children and adults learn from their strengths?".into(),
        display_name: "Demo facilitator".into(),
        sector: Sector::Public,
    }
    .validate()
    .map_err(|e| StoreError::Corrupt(format!("demo data is invalid: {e:?}")))?;
    let code = new_join_code();
    let created = store
        .create_expedition(&new, &code, &hash_token(&new_token()))
        .await?;
    let partners = [
        ("Noa, principal of a primary school", Sector::Public),
        ("Amir, theatre company", Sector::NonProfit),
        ("Dana, local bakery chain", Sector::Business),
    ];
    for (name, sector) in partners {
        let join = ValidJoin {
            code: code.clone(),
            display_name: hevruta_model::DisplayName::parse(name)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            sector: Some(sector),
            role: Role::Participant,
        };
        store.join(&join, &hash_token(&new_token())).await?;
    }
    Ok(created.id)
}
