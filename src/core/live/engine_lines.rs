//! The caption lines the engine writes of the hall's own events without a
//! captioner: someone goes on stage, a poll opens or closes, a guest is called to
//! a desk. Always in both languages; never a name, a reason or a `come_to_me`
//! ticket (the matchmaker walks to those), never anything said at a desk or in
//! the private chat area.

use super::evening::Live;
use super::roster::Roster;
use super::stage::Happened;

impl Live {
    /// A caption line for what happened on stage.
    pub(super) fn caption_stage(&mut self, happened: &Happened, roster: &Roster, now: i64) {
        let number = |id: &str| roster.public.get(id).map(|p| p.number);
        let (zh, en) = match happened {
            Happened::Nothing | Happened::Spotlight(None) => return,
            Happened::Spotlight(Some(p)) => match number(p) {
                Some(n) => (
                    format!("{n} 号嘉宾上台"),
                    format!("Guest no. {n} is on stage"),
                ),
                None => return,
            },
            Happened::Opened(i) => {
                let q = &self.stage.polls[*i].question;
                (format!("投票：{q}"), format!("Poll: {q}"))
            }
            Happened::Closed(i) => {
                let poll = &self.stage.polls[*i];
                match poll.results() {
                    Some(counts) => {
                        let zh: Vec<String> = poll
                            .options
                            .iter()
                            .zip(&counts)
                            .map(|(o, c)| format!("{o} {c} 票"))
                            .collect();
                        let en: Vec<String> = poll
                            .options
                            .iter()
                            .zip(&counts)
                            .map(|(o, c)| format!("{o}: {c}"))
                            .collect();
                        (
                            format!("投票结果：{}", zh.join("，")),
                            format!("Poll results: {}", en.join(", ")),
                        )
                    }
                    None => (
                        "投票结束：回答的人少于 5 位，不公布结果。".to_string(),
                        "The poll has closed: fewer than five answered, so no counts are shown."
                            .to_string(),
                    ),
                }
            }
        };
        self.captions.engine(zh, en, now);
    }

    /// A caption line for each guest newly called to a desk (the projector's board
    /// shows the same: badge number and desk), `before` being the calls already on it.
    pub(super) fn caption_calls(&mut self, before: &[String], roster: &Roster, now: i64) {
        let new: Vec<(i64, String)> = self
            .desks
            .calls()
            .into_iter()
            .filter(|(t, _, _)| !t.come_to_me && !before.contains(&t.id))
            .filter_map(|(t, desk, _)| {
                Some((roster.public.get(&t.participant)?.number, desk.to_owned()))
            })
            .collect();
        for (n, desk) in new {
            let zh = if desk.chars().all(|c| c.is_ascii_digit()) {
                format!("请 {n} 号到 {desk} 号红娘服务台")
            } else {
                format!("请 {n} 号到红娘服务台（{desk}）")
            };
            let en = format!("No. {n}, please come to matchmaker desk {desk}");
            self.captions.engine(zh, en, now);
        }
    }
}
