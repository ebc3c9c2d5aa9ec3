//! Sample messages for wire tests: every field set to a distinct non-default value (first
//! member of each oneof, one element per repeated field, three levels deep), built from the
//! crate's embedded descriptor set.

use std::sync::OnceLock;

use google_chat_grpc::proto::FILE_DESCRIPTOR_SET;
use prost::Message as _;
use prost_reflect::{DescriptorPool, DynamicMessage, Kind, MapKey, MessageDescriptor, Value};

pub fn pool() -> DescriptorPool {
    static POOL: OnceLock<DescriptorPool> = OnceLock::new();
    POOL.get_or_init(|| {
        DescriptorPool::decode(FILE_DESCRIPTOR_SET).expect("embedded descriptor set decodes")
    })
    .clone()
}

/// Builds a message of type `desc` with every field set, values numbered by `counter` so that
/// no two fields share a value (a swapped pair of fields would be noticed).
pub fn sample(desc: &MessageDescriptor, depth: usize, counter: &mut i32) -> DynamicMessage {
    let mut msg = DynamicMessage::new(desc.clone());
    let mut oneofs_done = Vec::new();
    for field in desc.fields() {
        if let Some(oneof) = field.containing_oneof().filter(|o| !o.is_synthetic()) {
            if oneofs_done.contains(&oneof.full_name().to_owned()) {
                continue;
            }
            oneofs_done.push(oneof.full_name().to_owned());
        }
        *counter += 1;
        let n = *counter;
        let value = |kind: &Kind, counter: &mut i32| -> Option<Value> {
            Some(match kind {
                Kind::Double => Value::F64(f64::from(n) + 0.5),
                Kind::Float => Value::F32(n as f32 + 0.25),
                Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => Value::I32(n),
                Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => Value::I64(i64::from(n) << 33),
                Kind::Uint32 | Kind::Fixed32 => Value::U32(n as u32),
                Kind::Uint64 | Kind::Fixed64 => Value::U64((n as u64) << 33),
                Kind::Bool => Value::Bool(true),
                Kind::String => Value::String(format!("{}-{n}", field.name())),
                Kind::Bytes => Value::Bytes(prost::bytes::Bytes::from(format!("b{n}"))),
                // The last value: never the zero default, which would not be on the wire.
                Kind::Enum(e) => Value::EnumNumber(e.values().last()?.number()),
                Kind::Message(m) if depth > 0 => Value::Message(sample(m, depth - 1, counter)),
                Kind::Message(_) => return None,
            })
        };
        let kind = field.kind();
        let v = if field.is_map() {
            let entry = kind.as_message().expect("map entry").clone();
            let key = match value(&entry.map_entry_key_field().kind(), counter) {
                Some(Value::String(s)) => MapKey::String(s),
                Some(Value::I32(i)) => MapKey::I32(i),
                Some(Value::I64(i)) => MapKey::I64(i),
                Some(Value::U32(i)) => MapKey::U32(i),
                Some(Value::U64(i)) => MapKey::U64(i),
                Some(Value::Bool(b)) => MapKey::Bool(b),
                other => panic!("unexpected map key {other:?}"),
            };
            value(&entry.map_entry_value_field().kind(), counter)
                .map(|v| Value::Map([(key, v)].into_iter().collect()))
        } else if field.is_list() {
            value(&kind, counter).map(|v| Value::List(vec![v]))
        } else {
            value(&kind, counter)
        };
        if let Some(v) = v {
            msg.set_field(&field, v);
        }
    }
    msg
}

/// The sample for a type, encoded, decoded into the generated prost type, and checked to say
/// the same thing as the dynamic message (same fields, no unknown ones).
pub fn typed_sample<M: prost::Message + Default>(type_name: &str, seed: i32) -> M {
    let desc = pool()
        .get_message_by_name(type_name)
        .expect("type in descriptor set");
    let mut counter = seed;
    let dynamic = sample(&desc, 3, &mut counter);
    let typed = M::decode(dynamic.encode_to_vec().as_slice()).expect("sample decodes");
    let back = DynamicMessage::decode(desc, typed.encode_to_vec().as_slice()).expect("re-decodes");
    assert_eq!(
        back, dynamic,
        "{type_name}: the generated type loses or changes fields"
    );
    typed
}
