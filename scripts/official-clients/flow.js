// A normal Chat flow with Google's official Node client (npm @google-apps/chat) against the
// chat-emulator over an insecure channel.
//
// usage: node flow.js HOST:PORT [TOKEN]    (run where node_modules has @google-apps/chat)
//
// TOKEN defaults to `user:alice@example.com`; every call sends `authorization: Bearer TOKEN`
// (google-gax adds `otherArgs.headers` to the call's gRPC metadata). Prints each step and
// exits non-zero on the first failure.
'use strict';

// Resolve the packages from the install folder (cwd), not from this script's folder.
const from = (name) => require(require.resolve(name, {paths: [process.cwd()]}));
const {ChatServiceClient} = from('@google-apps/chat');
// The @grpc/grpc-js instance google-gax itself uses, so the credentials object is one it knows.
const {grpc} = from('google-gax');

async function main() {
  const [host, port] = splitAddr(process.argv[2]);
  const token = process.argv[3] || 'user:alice@example.com';
  const client = new ChatServiceClient({
    apiEndpoint: host,
    port,
    sslCreds: grpc.credentials.createInsecure(),
    // Set, so google-auth-library never looks for credentials (or a metadata server) to learn it.
    universeDomain: 'googleapis.com',
  });
  const options = {otherArgs: {headers: {authorization: `Bearer ${token}`}}};
  const step = (label, detail) => console.log(`node:   ${label.padEnd(14)} ${detail}`);

  const [space] = await client.setUpSpace(
    {
      space: {spaceType: 'SPACE', displayName: `Official Node client ${Date.now()}`},
      memberships: [{member: {name: 'users/bob@example.com', type: 'HUMAN'}}],
    },
    options,
  );
  step('SetUpSpace', `${space.name} '${space.displayName}' type=${space.spaceType}`);

  const [message] = await client.createMessage(
    {parent: space.name, message: {text: 'Hello from @google-apps/chat'}},
    options,
  );
  step('CreateMessage', `${message.name} by ${message.sender.name} '${message.text}'`);

  const [listed] = await client.listMessages(
    {parent: space.name, pageSize: 10},
    {...options, autoPaginate: false},
  );
  const names = listed.map((m) => m.name);
  step('ListMessages', `${listed.length} message(s): ${JSON.stringify(names)}`);
  if (!names.includes(message.name)) throw new Error(`ListMessages did not return ${message.name}`);

  const [reaction] = await client.createReaction(
    {parent: message.name, reaction: {emoji: {unicode: '\u{1F44D}'}}},
    options,
  );
  step('CreateReaction', `${reaction.name} ${reaction.emoji.unicode} by ${reaction.user.name}`);

  const [updatedSpace] = await client.updateSpace(
    {
      space: {
        name: space.name,
        spaceDetails: {description: 'Updated by the official Node client', guidelines: 'Be kind'},
      },
      updateMask: {paths: ['space_details']},
    },
    options,
  );
  step('UpdateSpace', `${updatedSpace.name} description='${updatedSpace.spaceDetails.description}'`);
  if (updatedSpace.spaceDetails.description !== 'Updated by the official Node client') {
    throw new Error('UpdateSpace did not apply space_details');
  }

  const [updated] = await client.updateMessage(
    {
      message: {name: message.name, text: 'Edited by @google-apps/chat'},
      updateMask: {paths: ['text']},
    },
    options,
  );
  step('UpdateMessage', `${updated.name} '${updated.text}'`);
  if (updated.text !== 'Edited by @google-apps/chat') throw new Error('UpdateMessage did not apply the text');
  const summaries = (updated.emojiReactionSummaries || []).map((s) => [s.emoji.unicode, s.reactionCount]);
  step('', `reactions on it: ${JSON.stringify(summaries)}`);

  await client.deleteMessage({name: message.name}, options);
  step('DeleteMessage', message.name);
  const [remaining] = await client.listMessages({parent: space.name}, options);
  step('ListMessages', `${remaining.length} message(s) after delete`);
  if (remaining.some((m) => m.name === message.name)) {
    throw new Error(`${message.name} is still listed after DeleteMessage`);
  }

  try {
    await client.getSpace(
      {name: space.name},
      {otherArgs: {headers: {authorization: 'Bearer nobody'}}},
    );
    throw new Error('a call with an unknown token succeeded');
  } catch (e) {
    if (e.code !== grpc.status.UNAUTHENTICATED) throw e;
    step('bad token', `code ${e.code} (UNAUTHENTICATED): ${e.details}`);
  }
  await client.close();
  console.log('node:   flow passed');
}

function splitAddr(addr) {
  const i = (addr || '').lastIndexOf(':');
  if (i <= 0) throw new Error('usage: node flow.js HOST:PORT [TOKEN]');
  return [addr.slice(0, i), Number(addr.slice(i + 1))];
}

main().catch((e) => {
  console.error(`node:   FAILED: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
