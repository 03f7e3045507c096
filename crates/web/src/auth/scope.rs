//! Which cases a caller may see ([`Visibility`]: an agent in teams sees their teams' cases, cases
//! without a team and cases assigned to them). Lists and search filter by it; a path that names a
//! case, an attachment or a customer's timeline checks it, and a case outside it is answered 404,
//! as if it did not exist.

use domain::Role;
use store::cases::{Case, Visibility};
use store::{Entity, StoreError};

use super::Caller;
use super::session::Session;
use crate::error::ApiResult;
use crate::state::AppState;

/// Who is asking, as far as case visibility goes.
pub trait Viewer {
    fn role(&self) -> Role;
    /// The agent behind the request; `None` for a token no agent made.
    fn agent_id(&self) -> Option<i64>;
}

impl<R> Viewer for Caller<R> {
    fn role(&self) -> Role {
        self.role
    }
    fn agent_id(&self) -> Option<i64> {
        self.owner
    }
}

impl<R> Viewer for Session<R> {
    fn role(&self) -> Role {
        self.agent.role
    }
    fn agent_id(&self) -> Option<i64> {
        Some(self.agent.id)
    }
}

/// The viewer's scope; `None` when they see every case.
pub async fn scope(state: &AppState, viewer: &impl Viewer) -> ApiResult<Option<Visibility>> {
    Ok(Visibility::of(&state.db, viewer.role(), viewer.agent_id()).await?)
}

/// Case `id`, if the viewer may see it; 404 otherwise.
pub async fn visible_case(state: &AppState, viewer: &impl Viewer, id: i64) -> ApiResult<Case> {
    let case = store::cases::get(&state.db, id).await?;
    match scope(state, viewer).await? {
        Some(scope) if !scope.may_see(case.team_id, case.assignee_id) => {
            Err(StoreError::NotFound(Entity::Case).into())
        }
        _ => Ok(case),
    }
}
