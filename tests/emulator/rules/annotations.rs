//! `annotation.proto`: what a mention's annotation carries (the user and its type, the
//! `MENTION` kind) and where it points (0-based start, length, in UTF-16 code units).

use super::*;

#[tokio::test]
async fn mention_annotations_name_the_user_its_type_and_the_span() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Mentions").await;
    // "😀" is two UTF-16 code units: the mention of user 2 starts at index 3.
    let m = post(&mut c, "user:1", &s.name, "😀 <users/2> and <users/app> go").await;
    assert_eq!(m.annotations.len(), 2, "{m:?}");
    let mention = |a: &Annotation| match &a.metadata {
        Some(annotation::Metadata::UserMention(u)) => u.clone(),
        other => panic!("not a user mention: {other:?}"),
    };
    let human = mention(&m.annotations[0]);
    let app = mention(&m.annotations[1]);
    assert_eq!(human.r#type, user_mention_metadata::Type::Mention as i32);
    assert_eq!(app.r#type, user_mention_metadata::Type::Mention as i32);
    assert_eq!(
        human.user.as_ref().map(|u| (u.name.as_str(), u.r#type)),
        Some(("users/2", user::Type::Human as i32))
    );
    assert_eq!(
        app.user.as_ref().map(|u| (u.name.as_str(), u.r#type)),
        Some(("users/app", user::Type::Bot as i32))
    );
    for a in &m.annotations {
        assert_eq!(a.r#type(), AnnotationType::UserMention);
        let start = usize::try_from(a.start_index.expect("start_index")).unwrap();
        let len = usize::try_from(a.length).unwrap();
        let units: Vec<u16> = m.text.encode_utf16().collect();
        let span = String::from_utf16(&units[start..start + len]).unwrap();
        assert!(span.starts_with('@'), "{span:?} in {:?}", m.text);
    }
    assert_eq!(m.annotations[0].start_index, Some(3));
    // An app's mention is left out of `argument_text`.
    assert!(!m.argument_text.contains("@app"), "{}", m.argument_text);
    assert!(m.argument_text.ends_with("and  go") || m.argument_text.ends_with("and go"));
}
