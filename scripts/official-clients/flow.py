"""A normal Chat flow with Google's official Python client (PyPI google-apps-chat) against
the chat-emulator over an insecure channel.

usage: python flow.py HOST:PORT [TOKEN]

TOKEN defaults to `user:alice@example.com`; every call sends `authorization: Bearer TOKEN`.
Prints each step and exits non-zero on the first failure.
"""

import sys
import time

import grpc
from google.apps import chat_v1
from google.apps.chat_v1.services.chat_service.transports import ChatServiceGrpcTransport
from google.protobuf import field_mask_pb2


def main() -> int:
    addr = sys.argv[1]
    token = sys.argv[2] if len(sys.argv) > 2 else "user:alice@example.com"
    metadata = [("authorization", f"Bearer {token}")]
    channel = grpc.insecure_channel(addr)
    client = chat_v1.ChatServiceClient(transport=ChatServiceGrpcTransport(channel=channel))

    def step(label, detail):
        print(f"python: {label:<14} {detail}", flush=True)

    space = client.set_up_space(
        request=chat_v1.SetUpSpaceRequest(
            space=chat_v1.Space(
                space_type=chat_v1.Space.SpaceType.SPACE,
                display_name=f"Official Python client {int(time.time())}",
            ),
            memberships=[
                chat_v1.Membership(
                    member=chat_v1.User(
                        name="users/bob@example.com", type_=chat_v1.User.Type.HUMAN
                    )
                )
            ],
        ),
        metadata=metadata,
    )
    step("SetUpSpace", f"{space.name} {space.display_name!r} type={space.space_type.name}")

    message = client.create_message(
        request=chat_v1.CreateMessageRequest(
            parent=space.name,
            message=chat_v1.Message(text="Hello from google-apps-chat"),
        ),
        metadata=metadata,
    )
    step("CreateMessage", f"{message.name} by {message.sender.name} {message.text!r}")

    listed = list(
        client.list_messages(
            request=chat_v1.ListMessagesRequest(parent=space.name, page_size=10),
            metadata=metadata,
        )
    )
    names = [m.name for m in listed]
    step("ListMessages", f"{len(listed)} message(s): {names}")
    if message.name not in names:
        raise SystemExit(f"ListMessages did not return {message.name}")

    reaction = client.create_reaction(
        request=chat_v1.CreateReactionRequest(
            parent=message.name,
            reaction=chat_v1.Reaction(emoji=chat_v1.Emoji(unicode="\N{THUMBS UP SIGN}")),
        ),
        metadata=metadata,
    )
    step("CreateReaction", f"{reaction.name} {reaction.emoji.unicode} by {reaction.user.name}")

    updated_space = client.update_space(
        request=chat_v1.UpdateSpaceRequest(
            space=chat_v1.Space(
                name=space.name,
                space_details=chat_v1.Space.SpaceDetails(
                    description="Updated by the official Python client",
                    guidelines="Be kind",
                ),
            ),
            update_mask=field_mask_pb2.FieldMask(paths=["space_details"]),
        ),
        metadata=metadata,
    )
    step(
        "UpdateSpace",
        f"{updated_space.name} description={updated_space.space_details.description!r}",
    )
    if updated_space.space_details.description != "Updated by the official Python client":
        raise SystemExit("UpdateSpace did not apply space_details")

    updated = client.update_message(
        request=chat_v1.UpdateMessageRequest(
            message=chat_v1.Message(name=message.name, text="Edited by google-apps-chat"),
            update_mask=field_mask_pb2.FieldMask(paths=["text"]),
        ),
        metadata=metadata,
    )
    step("UpdateMessage", f"{updated.name} {updated.text!r}")
    if updated.text != "Edited by google-apps-chat":
        raise SystemExit("UpdateMessage did not apply the text")
    summaries = [(s.emoji.unicode, s.reaction_count) for s in updated.emoji_reaction_summaries]
    step("", f"reactions on it: {summaries}")

    client.delete_message(
        request=chat_v1.DeleteMessageRequest(name=message.name), metadata=metadata
    )
    step("DeleteMessage", message.name)
    remaining = [
        m.name
        for m in client.list_messages(
            request=chat_v1.ListMessagesRequest(parent=space.name), metadata=metadata
        )
    ]
    step("ListMessages", f"{len(remaining)} message(s) after delete")
    if message.name in remaining:
        raise SystemExit(f"{message.name} is still listed after DeleteMessage")

    try:
        client.get_space(
            request=chat_v1.GetSpaceRequest(name=space.name),
            metadata=[("authorization", "Bearer nobody")],
        )
        raise SystemExit("a call with an unknown token succeeded")
    except Exception as e:  # google.api_core.exceptions.Unauthenticated
        step("bad token", f"{type(e).__name__} ({getattr(e, 'reason', '')}): {getattr(e, 'message', e)}")
        if type(e).__name__ != "Unauthenticated":
            raise
    print("python: flow passed", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except Exception as e:
        print(f"python: FAILED: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
        sys.exit(1)
