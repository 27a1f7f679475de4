//! Who is looking: the five roles of the live protocol, the viewer a token stands
//! for, and the audience each frame is meant for. Whether a viewer may see a frame is
//! decided here and nowhere else ([`Audience::admits`]).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Participant,
    Host,
    Matchmaker,
    Projector,
    /// A volunteer who types what is said on stage (字幕员): their page shows the
    /// stage alone (programme, captions, spotlight, poll), nothing of the guests.
    Captioner,
    /// A volunteer (志愿者) who escorts guests: their page shows the escort tasks
    /// and the guests' needs and communication modes only.
    Volunteer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Participant => "participant",
            Role::Host => "host",
            Role::Matchmaker => "matchmaker",
            Role::Projector => "projector",
            Role::Captioner => "captioner",
            Role::Volunteer => "volunteer",
        }
    }

    /// A staff account's role as stored (`host`, `matchmaker`, `projector`,
    /// `captioner`).
    pub fn of_staff(stored: &str) -> Option<Role> {
        match stored {
            "host" => Some(Role::Host),
            "matchmaker" => Some(Role::Matchmaker),
            "projector" => Some(Role::Projector),
            "captioner" => Some(Role::Captioner),
            "volunteer" => Some(Role::Volunteer),
            _ => None,
        }
    }

    /// A staff role read from the store; anything else is an error there, once.
    pub fn staff_from(stored: String) -> Result<Role, String> {
        Role::of_staff(&stored).ok_or_else(|| format!("`{stored}` is not a staff role"))
    }

    /// The roles that work the floor with people's names: host and matchmakers.
    pub fn is_desk(self) -> bool {
        matches!(self, Role::Host | Role::Matchmaker)
    }

    pub const ALL: [Role; 6] = [
        Role::Participant,
        Role::Host,
        Role::Matchmaker,
        Role::Projector,
        Role::Captioner,
        Role::Volunteer,
    ];
}

/// One connection's viewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    Participant { id: String },
    Staff { id: String, role: Role },
}

impl Viewer {
    pub fn role(&self) -> Role {
        match self {
            Viewer::Participant { .. } => Role::Participant,
            Viewer::Staff { role, .. } => *role,
        }
    }

    pub fn participant(&self) -> Option<&str> {
        match self {
            Viewer::Participant { id } => Some(id),
            Viewer::Staff { .. } => None,
        }
    }

    pub fn staff(&self) -> Option<&str> {
        match self {
            Viewer::Staff { id, .. } => Some(id),
            Viewer::Participant { .. } => None,
        }
    }

    /// How the event log names this viewer: by id only.
    pub fn log_name(&self) -> String {
        match self {
            Viewer::Participant { id } => format!("participant:{id}"),
            Viewer::Staff { id, .. } => format!("staff:{id}"),
        }
    }
}

/// Who a frame is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Audience {
    /// Every screen of the evening: guests, host, matchmakers, projector (not the
    /// captioner, whose page shows the stage alone).
    Everyone,
    /// What happens on stage, for every connection, the captioner's included:
    /// the programme, the captions, the spotlight and the poll.
    Stage,
    /// Every connection but the guests' phones (a guest's own frame of the same
    /// kind says more, for them alone).
    NotGuests,
    /// The host alone.
    Host,
    /// One staff account alone (a volunteer's own tasks and shift).
    Staff(String),
    /// Host and matchmakers.
    Desk,
    /// Matchmakers only (the follow-up of matches).
    Matchmakers,
    /// The hall's projector only.
    Projector,
    /// One participant, themself.
    Participant(String),
}

impl Audience {
    pub fn admits(&self, viewer: &Viewer) -> bool {
        match self {
            Audience::Everyone => viewer.role() != Role::Captioner,
            Audience::Stage => true,
            Audience::NotGuests => viewer.role() != Role::Participant,
            Audience::Host => viewer.role() == Role::Host,
            Audience::Staff(id) => viewer.staff() == Some(id),
            Audience::Desk => viewer.role().is_desk(),
            Audience::Matchmakers => viewer.role() == Role::Matchmaker,
            Audience::Projector => viewer.role() == Role::Projector,
            Audience::Participant(id) => viewer.participant() == Some(id),
        }
    }
}
