//! The contract's examples of people and their devices: Yael (the facilitator) moves to
//! her phone with a sign-in link, lists her two devices, and makes Noa co-facilitator.

use hevruta_model::{
    DeviceLink, DeviceSession, DeviceSessions, Member, PersonRole, RedeemDeviceLink, Role,
    SessionGrant, SessionId, SetRole, StreamTicket,
};
use uuid::Uuid;

use super::examples::{at, joined, noa, yael, yael_id};

const LAPTOP: Uuid = Uuid::from_u128(0x0193_8c2e_5a41_7a11_8e4f_2b7d_9c1a_6e10);
const PHONE: Uuid = Uuid::from_u128(0x0193_8c2e_c060_7198_8da4_bf50_9182_4d11);
const LINK: &str = "h8Kq2Zt5Wm0Rb7Xv3Nc9Lf1Jd6Ps4Gy8Ua0Si2Ho7Ee";
const PHONE_TOKEN: &str = "Wm0Rb7Xv3Nc9Lf1Jd6Ps4Gy8Ua0Si2Ho7Eeh8Kq2Zt5";
const TICKET: &str = "T3nQ8vLx1Zr6Kp0Wc5Hm9Bd2Fs7Jy4Ge8Na1Ui6Oe3R";
const MINUTE: i64 = 60_000;

pub fn device_link() -> DeviceLink {
    DeviceLink {
        secret: LINK.into(),
        member_id: yael_id(),
        expires_at: at(40) + 10 * MINUTE,
    }
}

pub fn redeem() -> RedeemDeviceLink {
    RedeemDeviceLink { link: LINK.into() }
}

/// Yael, signed in on her phone: a new session of the same member.
pub fn redeemed() -> SessionGrant {
    let grant = joined();
    SessionGrant {
        token: PHONE_TOKEN.into(),
        member: yael(),
        expedition: hevruta_model::ExpeditionSnapshot {
            join_code: None,
            ..grant.expedition
        },
        ..grant
    }
}

pub fn sessions() -> DeviceSessions {
    DeviceSessions {
        sessions: vec![
            DeviceSession {
                id: SessionId(PHONE),
                created_at: at(41),
                last_used_at: at(41),
                device: Some("Safari · iPhone".into()),
                current: true,
            },
            DeviceSession {
                id: SessionId(LAPTOP),
                created_at: at(0),
                last_used_at: at(40),
                device: Some("Firefox · Windows".into()),
                current: false,
            },
        ],
        idle_timeout_ms: 90 * 24 * 60 * MINUTE as u64,
    }
}

pub fn session_id() -> SessionId {
    SessionId(LAPTOP)
}

pub fn set_role() -> SetRole {
    SetRole {
        role: PersonRole::Facilitator,
    }
}

/// Noa, now a co-facilitator.
pub fn co_facilitator() -> Member {
    Member {
        role: Role::Facilitator,
        ..noa()
    }
}

pub fn stream_ticket() -> StreamTicket {
    StreamTicket {
        ticket: TICKET.into(),
        expires_at: at(42) + 30_000,
    }
}
