//! The mechanical part of `src/oneof/`: for every `oneof` of `google.chat.v1` and
//! `google.apps.card.v1`, borrowing accessors, setters and `From` impls, generated from the
//! descriptors so a proto refresh cannot leave a union without them. The domain constructors
//! (`Membership::for_user`, `Widget::text_paragraph`, ...) and the helpers with behaviour of
//! their own stay hand-written in `src/oneof/`.
//!
//! The rule of `src/oneof.rs`: a message that *is* a union (all its fields are the oneof's,
//! or it is listed with [`Style::Is`] below) gets `as_<variant>()`; a message that *has* a
//! union among other fields gets `<variant>()` and `set_<variant>()`. What the generator does
//! for each union and variant is also written out as the table `ONEOFS`, which
//! `tests/api/oneof.rs` checks against the embedded descriptor set: a variant the generator had
//! to skip (a name taken twice, say) fails that test.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use prost_reflect::{DescriptorPool, FieldDescriptor, Kind, MessageDescriptor, OneofDescriptor};

use crate::BoxError;
use crate::paths::{camel, ident, nested_module, type_path};

/// The packages whose unions get helpers.
const PACKAGES: [&str; 2] = ["google.chat.v1", "google.apps.card.v1"];

/// How a union reads: see the module docs.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    /// `as_<variant>()`, no setters.
    Is,
    /// `<variant>()` and `set_<variant>()`.
    Has,
}

/// Who writes a kind of helper for a union.
#[derive(Clone, Copy, PartialEq)]
enum By {
    /// This generator.
    Generated,
    /// `src/oneof/`, because the helper does more than the union (sets a `type` field too, or
    /// folds variants together); the name is checked to exist at compile time.
    Hand,
    /// Nobody: the message has domain constructors instead, and adding setters now would be
    /// new public API.
    Nobody,
}

/// Which variants get `From<variant type>`.
#[derive(Clone, Copy)]
enum Froms {
    None,
    /// Every message-typed variant whose type no other variant shares, into the message.
    All,
    /// These variants only, into the message.
    Only(&'static [&'static str]),
    /// Like `All`, but into prost's oneof enum itself (`space_event::Payload`).
    IntoEnum,
}

/// What a union gets when it differs from the default; the defaults are what a union new in
/// a proto refresh gets: the style from the rule, accessors and (for `Has`) setters
/// generated, named after the fields, and no `From`.
struct Shape {
    message: &'static str,
    oneof: &'static str,
    style: Option<Style>,
    /// Variant field to accessor base name (`as_<base>`, `<base>`, `set_<base>`).
    rename: &'static [(&'static str, &'static str)],
    /// `Some(name)`: one hand-written reader covers every variant.
    hand_reader: Option<&'static str>,
    setters: By,
    froms: Froms,
}

const SHAPE: Shape = Shape {
    message: "",
    oneof: "",
    style: None,
    rename: &[],
    hand_reader: None,
    setters: By::Generated,
    froms: Froms::None,
};

/// The unions whose helpers differ from the defaults, and why.
const SHAPES: &[Shape] = &[
    Shape {
        message: "google.chat.v1.Emoji",
        oneof: "content",
        rename: &[("custom_emoji", "custom")],
        ..SHAPE
    },
    // `member()` (a `Member` view) is hand-written; the union is built with `for_user`,
    // `for_app` and `for_group`.
    Shape {
        message: "google.chat.v1.Membership",
        oneof: "memberType",
        rename: &[("member", "user"), ("group_member", "group")],
        setters: By::Nobody,
        ..SHAPE
    },
    // The setters also set `type`.
    Shape {
        message: "google.chat.v1.Annotation",
        oneof: "metadata",
        rename: &[
            ("rich_link_metadata", "rich_link"),
            ("custom_emoji_metadata", "custom_emoji"),
        ],
        setters: By::Hand,
        ..SHAPE
    },
    // The setters also set `rich_link_type`.
    Shape {
        message: "google.chat.v1.RichLinkMetadata",
        oneof: "data",
        setters: By::Hand,
        ..SHAPE
    },
    // The setter also sets `state`.
    Shape {
        message: "google.chat.v1.Availability",
        oneof: "state_metadata",
        setters: By::Hand,
        ..SHAPE
    },
    Shape {
        message: "google.chat.v1.Attachment",
        oneof: "data_ref",
        setters: By::Nobody,
        ..SHAPE
    },
    Shape {
        message: "google.chat.v1.MarkAsActiveRequest",
        oneof: "expiration",
        setters: By::Nobody,
        ..SHAPE
    },
    Shape {
        message: "google.chat.v1.MarkAsDoNotDisturbRequest",
        oneof: "expiration",
        setters: By::Nobody,
        ..SHAPE
    },
    Shape {
        message: "google.chat.v1.SectionItem",
        oneof: "item",
        setters: By::Nobody,
        ..SHAPE
    },
    Shape {
        message: "google.chat.v1.PositionSectionRequest",
        oneof: "position",
        setters: By::Nobody,
        ..SHAPE
    },
    Shape {
        message: "google.chat.v1.DialogAction",
        oneof: "action",
        setters: By::Nobody,
        ..SHAPE
    },
    Shape {
        message: "google.chat.v1.ActionResponse.UpdatedWidget",
        oneof: "updated_widget",
        setters: By::Nobody,
        ..SHAPE
    },
    // Read through `data()`, which folds each single variant with its batch variant.
    Shape {
        message: "google.chat.v1.SpaceEvent",
        oneof: "payload",
        hand_reader: Some("data"),
        setters: By::Nobody,
        froms: Froms::IntoEnum,
        ..SHAPE
    },
    Shape {
        message: "google.chat.v1.WidgetMarkup",
        oneof: "data",
        style: Some(Style::Is),
        ..SHAPE
    },
    Shape {
        message: "google.apps.card.v1.Widget",
        oneof: "data",
        style: Some(Style::Is),
        froms: Froms::All,
        ..SHAPE
    },
    Shape {
        message: "google.apps.card.v1.Icon",
        oneof: "icons",
        style: Some(Style::Is),
        ..SHAPE
    },
    Shape {
        message: "google.apps.card.v1.Columns.Column.Widgets",
        oneof: "data",
        froms: Froms::All,
        ..SHAPE
    },
    // `open_dynamic_link_action` is an `Action` too: `From<Action>` builds `action`.
    Shape {
        message: "google.apps.card.v1.OnClick",
        oneof: "data",
        froms: Froms::Only(&["action", "open_link"]),
        ..SHAPE
    },
];

/// Names an inherent method must not take: prost's own getters and setters are added per
/// message below; these are trait methods an inherent method would silently shadow.
const TAKEN: &[&str] = &[
    "clear",
    "clone",
    "decode",
    "default",
    "encode",
    "encoded_len",
    "eq",
    "fmt",
    "full_name",
    "hash",
    "merge",
    "type_url",
];

/// How an accessor returns one variant's value, and a setter takes it.
struct Value {
    /// Accessor return type, inside `Option`.
    read: String,
    /// Accessor expression from the borrowed variant value `v`.
    get: String,
    /// Setter parameter type.
    param: String,
    /// Stored value from the setter parameter `v`.
    store: String,
    /// `From` is offered for message variants only.
    message: Option<String>,
}

fn value(field: &FieldDescriptor, parent: &MessageDescriptor) -> Value {
    let copy = |t: &str| Value {
        read: t.to_owned(),
        get: "*v".into(),
        param: t.to_owned(),
        store: "v".into(),
        message: None,
    };
    match field.kind() {
        Kind::Double => copy("f64"),
        Kind::Float => copy("f32"),
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => copy("i32"),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => copy("i64"),
        Kind::Uint32 | Kind::Fixed32 => copy("u32"),
        Kind::Uint64 | Kind::Fixed64 => copy("u64"),
        Kind::Bool => copy("bool"),
        Kind::String => Value {
            read: "&str".into(),
            get: "v".into(),
            param: "impl Into<String>".into(),
            store: "v.into()".into(),
            message: None,
        },
        Kind::Bytes => Value {
            read: "&[u8]".into(),
            get: "v".into(),
            param: "impl Into<Vec<u8>>".into(),
            store: "v.into()".into(),
            message: None,
        },
        Kind::Enum(e) => {
            let path = type_path(e.full_name(), e.package_name());
            Value {
                get: format!("{path}::try_from(*v).unwrap_or_default()"),
                read: path.clone(),
                param: path,
                store: "v.into()".into(),
                message: None,
            }
        }
        Kind::Message(m) => {
            let path = type_path(m.full_name(), m.package_name());
            // Small `Copy` values, read like scalars.
            let by_value = matches!(
                m.full_name(),
                "google.protobuf.Timestamp" | "google.protobuf.Duration"
            );
            let store = if boxed(&m, parent) {
                "Box::new(v)"
            } else {
                "v"
            };
            Value {
                read: if by_value {
                    path.clone()
                } else {
                    format!("&{path}")
                },
                get: if by_value { "*v" } else { "v" }.into(),
                param: path.clone(),
                store: store.into(),
                message: Some(path),
            }
        }
    }
}

/// Whether prost boxes a oneof field of type `field_type` in `parent`: when `parent` is
/// reachable from it through singular message fields (prost-build's `MessageGraph`).
fn boxed(field_type: &MessageDescriptor, parent: &MessageDescriptor) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![field_type.clone()];
    while let Some(m) = stack.pop() {
        if m.full_name() == parent.full_name() {
            return true;
        }
        if !seen.insert(m.full_name().to_owned()) {
            continue;
        }
        for f in m.fields().filter(|f| !f.is_list()) {
            if let Kind::Message(next) = f.kind() {
                stack.push(next);
            }
        }
    }
    false
}

/// prost's path of a oneof's enum (renamed `...OneOf` when a nested type has its name).
fn oneof_enum(oneof: &OneofDescriptor) -> String {
    let parent = oneof.parent_message();
    let mut name = camel(oneof.name());
    if parent.child_messages().any(|m| m.name() == name)
        || parent.child_enums().any(|e| e.name() == name)
    {
        name.push_str("OneOf");
    }
    format!(
        "{}::{name}",
        nested_module(parent.full_name(), parent.package_name())
    )
}

/// The methods prost itself generates on a message.
fn prost_methods(message: &MessageDescriptor) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for f in message.fields() {
        let real_oneof = f.containing_oneof().is_some_and(|o| !o.is_synthetic());
        if real_oneof {
            continue;
        }
        let name = ident(f.name());
        let plain = name.trim_start_matches("r#");
        if matches!(f.kind(), Kind::Enum(_)) {
            names.insert(plain.to_owned());
            names.insert(format!(
                "{}_{plain}",
                if f.is_list() { "push" } else { "set" }
            ));
        } else if f.supports_presence() && !matches!(f.kind(), Kind::Message(_)) {
            names.insert(plain.to_owned());
        }
    }
    names
}

/// One row of `ONEOFS`.
#[derive(Default)]
struct Row {
    read: String,
    read_by_hand: bool,
    set: String,
    set_by_hand: bool,
    from: bool,
}

pub fn oneofs(pool: &DescriptorPool) -> Result<String, BoxError> {
    let mut out = String::from(
        "// Generated by build/oneof.rs from google.chat.v1 and google.apps.card.v1. Do not edit.\n\n",
    );
    let mut table = String::new();
    let mut hand = BTreeSet::new();
    let mut used_shapes = BTreeSet::new();
    let mut messages: Vec<MessageDescriptor> = pool
        .all_messages()
        .filter(|m| PACKAGES.contains(&m.package_name()))
        .collect();
    messages.sort_by(|a, b| a.full_name().cmp(b.full_name()));
    for message in messages {
        let oneofs: Vec<OneofDescriptor> = message.oneofs().filter(|o| !o.is_synthetic()).collect();
        if oneofs.is_empty() {
            continue;
        }
        let package = message.package_name();
        let msg_path = type_path(message.full_name(), package);
        let mut taken: BTreeSet<String> = prost_methods(&message);
        taken.extend(TAKEN.iter().map(|s| s.to_string()));
        let mut methods = String::new();
        let mut froms = String::new();
        for oneof in oneofs {
            let shape = SHAPES
                .iter()
                .find(|s| s.message == message.full_name() && s.oneof == oneof.name());
            if shape.is_some() {
                used_shapes.insert((message.full_name().to_owned(), oneof.name().to_owned()));
            }
            let shape = shape.unwrap_or(&SHAPE);
            let only_oneof = message
                .fields()
                .all(|f| f.containing_oneof().as_ref() == Some(&oneof));
            let style = shape
                .style
                .unwrap_or(if only_oneof { Style::Is } else { Style::Has });
            let member = ident(oneof.name());
            let enum_path = oneof_enum(&oneof);
            let fields: Vec<FieldDescriptor> = oneof.fields().collect();
            let single = fields.len() == 1;
            let mut types: BTreeMap<String, usize> = BTreeMap::new();
            for f in &fields {
                if let Some(t) = value(f, &message).message {
                    *types.entry(t).or_default() += 1;
                }
            }
            writeln!(
                table,
                "    crate::oneof::OneofHelpers {{ message: {:?}, oneof: {:?}, variants: &[",
                message.full_name(),
                oneof.name()
            )?;
            for field in &fields {
                let name = field.name();
                let variant = camel(name);
                let full = field.full_name();
                let base = shape
                    .rename
                    .iter()
                    .find(|(f, _)| *f == name)
                    .map_or(name, |(_, to)| *to);
                let v = value(field, &message);
                let mut row = Row::default();

                // Reader.
                if let Some(reader) = shape.hand_reader {
                    row.read = reader.to_owned();
                    row.read_by_hand = true;
                } else {
                    let reader = match style {
                        Style::Is => format!("as_{base}"),
                        Style::Has => base.to_owned(),
                    };
                    if taken.insert(reader.clone()) {
                        let rest = if single { "" } else { " _ => None," };
                        let unknown = if matches!(field.kind(), Kind::Enum(_)) {
                            " An unknown value reads as the enum's default, as prost's getters do."
                        } else {
                            ""
                        };
                        writeln!(
                            methods,
                            "    /// `{member}` when it holds `{name}` (`{full}`), else `None`.{unknown}\n    \
                             pub fn {reader}(&self) -> Option<{}> {{\n        \
                             match self.{member}.as_ref()? {{ {enum_path}::{variant}(v) => Some({}),{rest} }}\n    }}\n",
                            v.read, v.get
                        )?;
                        row.read = reader;
                    } else {
                        writeln!(
                            methods,
                            "    // No `{reader}()` for `{full}`: the name is taken.\n"
                        )?;
                    }
                }

                // Setter.
                if style == Style::Has {
                    let setter = format!("set_{base}");
                    match shape.setters {
                        By::Nobody => {}
                        By::Hand => {
                            hand.insert(format!("    let _ = {msg_path}::{setter};\n"));
                            row.set = setter;
                            row.set_by_hand = true;
                        }
                        By::Generated if taken.insert(setter.clone()) => {
                            writeln!(
                                methods,
                                "    /// Sets `{member}` to `{name}` (`{full}`), replacing any other variant.\n    \
                                 pub fn {setter}(&mut self, v: {}) {{\n        \
                                 self.{member} = Some({enum_path}::{variant}({}));\n    }}\n",
                                v.param, v.store
                            )?;
                            row.set = setter;
                        }
                        By::Generated => writeln!(
                            methods,
                            "    // No `{setter}()` for `{full}`: the name is taken.\n"
                        )?,
                    }
                }

                // From.
                if let Some(t) = &v.message {
                    let shared = types[t] > 1;
                    let wanted = match shape.froms {
                        Froms::None => false,
                        Froms::All | Froms::IntoEnum => !shared,
                        Froms::Only(list) => list.contains(&name),
                    };
                    if wanted {
                        let built = format!("{enum_path}::{variant}({})", v.store);
                        let body = match shape.froms {
                            Froms::IntoEnum => built,
                            _ if only_oneof => format!("{msg_path} {{ {member}: Some({built}) }}"),
                            _ => format!(
                                "{msg_path} {{ {member}: Some({built}), ..Default::default() }}"
                            ),
                        };
                        let target = match shape.froms {
                            Froms::IntoEnum => &enum_path,
                            _ => &msg_path,
                        };
                        writeln!(
                            froms,
                            "/// `{member}` holding `{name}` (`{full}`).\n\
                             impl From<{t}> for {target} {{\n    \
                             fn from(v: {t}) -> Self {{\n        {body}\n    }}\n}}\n",
                        )?;
                        row.from = true;
                    } else if shared && !matches!(shape.froms, Froms::None) {
                        writeln!(
                            froms,
                            "// No `From<{t}>` for `{full}`: another variant of `{member}` has that type.\n"
                        )?;
                    }
                }
                if row.read_by_hand {
                    hand.insert(format!("    let _ = {msg_path}::{};\n", row.read));
                }
                writeln!(
                    table,
                    "        crate::oneof::VariantHelpers {{ field: {name:?}, read: {:?}, read_by_hand: {}, set: {:?}, set_by_hand: {}, from: {} }},",
                    row.read, row.read_by_hand, row.set, row.set_by_hand, row.from
                )?;
            }
            writeln!(table, "    ] }},")?;
        }
        if !methods.is_empty() {
            writeln!(out, "impl {msg_path} {{\n{methods}}}\n")?;
        }
        out.push_str(&froms);
    }
    for shape in SHAPES {
        if !used_shapes.contains(&(shape.message.to_owned(), shape.oneof.to_owned())) {
            return Err(format!(
                "build/oneof.rs: SHAPES names {}.{}, which the protos no longer have",
                shape.message, shape.oneof
            )
            .into());
        }
    }
    writeln!(
        out,
        "// The hand-written helpers the table below names, in src/oneof/.\nconst _: () = {{\n{}}};\n",
        hand.into_iter().collect::<String>()
    )?;
    writeln!(
        out,
        "/// Every `oneof` of `google.chat.v1` and `google.apps.card.v1`, with the helpers each \
         variant has (`\"\"` for none), for the test that no union is left without them.\n\
         #[doc(hidden)]\npub const ONEOFS: &[crate::oneof::OneofHelpers] = &[\n{table}];"
    )?;
    Ok(out)
}
