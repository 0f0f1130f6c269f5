//! Roles a facilitator gives: another member made facilitator (a co-facilitator), or a
//! facilitator made participant again, never leaving the expedition without one.

use hevruta_model::{EventKind, ExpeditionId, Member, MemberId, Role};

use super::members::current;
use super::{Store, StoreError, events};

/// Outcome of setting a member's role.
#[derive(Debug)]
pub enum RoleChange {
    /// The member as they are now (unchanged if they had the role already).
    Set(Member),
    /// No such member in the expedition.
    NotFound,
    /// A viewer is a screen, not a person: it keeps its role.
    Viewer,
    /// The only facilitator cannot become participant.
    LastFacilitator,
}

impl Store {
    /// Gives `member` the role `role` (facilitator or participant), logging
    /// `member_role_changed` when it changes.
    pub async fn set_role(
        &self,
        expedition: ExpeditionId,
        member: MemberId,
        role: Role,
        by: MemberId,
    ) -> Result<RoleChange, StoreError> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let members = current(&mut tx, expedition).await?;
            let Some(target) = members.iter().find(|m| m.id == member).cloned() else {
                return Ok(RoleChange::NotFound);
            };
            if target.role == Role::Viewer {
                return Ok(RoleChange::Viewer);
            }
            if target.role == role {
                return Ok(RoleChange::Set(target));
            }
            let facilitators = members
                .iter()
                .filter(|m| m.role == Role::Facilitator)
                .count();
            if target.role == Role::Facilitator && facilitators <= 1 {
                return Ok(RoleChange::LastFacilitator);
            }
            sqlx::query("UPDATE members SET role = ? WHERE id = ?")
                .bind(role.as_str())
                .bind(member.to_string())
                .execute(&mut *tx)
                .await?;
            events::append(
                &mut tx,
                expedition,
                EventKind::MemberRoleChanged {
                    member_id: member,
                    role,
                    by,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(RoleChange::Set(Member { role, ..target }))
        })
        .await
    }
}
