//! What a customer may answer, checked alike on the survey page and in the chat widget.

use store::surveys::Survey;
use store::surveys::answers::Answer;

/// Longest comment taken, in characters.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// Checks what the customer sent against the survey; a message for them when it does not fit.
pub fn check(survey: &Survey, answer: &Answer) -> Result<(), &'static str> {
    if let Some(score) = answer.score
        && !survey
            .kind
            .scale()
            .is_some_and(|scale| scale.contains(&score))
    {
        return Err("score");
    }
    if answer
        .comment
        .as_ref()
        .is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS || c.contains('\0'))
    {
        return Err("comment");
    }
    for (id, value) in &answer.answers {
        let known = survey.questions.iter().find(|q| &q.id == id);
        if !known.is_some_and(|q| q.accepts(value)) {
            return Err("answer");
        }
    }
    Ok(())
}
