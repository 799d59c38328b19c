import type { WebClient } from "@slack/web-api";
import type { DigestPorts } from "../digest/scheduler.js";
import type { Logger } from "../logger.js";
import { createSlackOutbound, describeSlackFailure } from "../slack-outbound.js";

/** Metadata event type on every digest message, so a retry can tell it was already posted. */
export const DIGEST_EVENT_TYPE = "hiring_digest";

/**
 * The Slack side of digest deliveries, through the one outbound module: the counterpart of
 * `createUploadPorts`. A digest carries its delivery id in its metadata; a later attempt looks
 * for it in the channel's history since the delivery was first claimed.
 */
export function createDigestPorts(client: WebClient, logger: Logger): DigestPorts {
  const outbound = createSlackOutbound(client);
  return {
    async findExistingPost(delivery, channel) {
      try {
        return await outbound.findPost({
          channel,
          oldest: String(Math.floor(delivery.createdAt.getTime() / 1000) - 60),
          eventType: DIGEST_EVENT_TYPE,
          key: "delivery_id",
          value: delivery.id,
        });
      } catch (error) {
        // Without history access we cannot check; posting again is the lesser evil than never.
        logger.warn(
          { err: describeSlackFailure(error), delivery: delivery.id },
          "could not check history",
        );
        return undefined;
      }
    },

    postDigest(delivery, channel, message) {
      return outbound.post({
        channel,
        message,
        metadata: {
          eventType: DIGEST_EVENT_TYPE,
          payload: { delivery_id: delivery.id, period_key: delivery.periodKey },
        },
      });
    },

    uploadChart(file) {
      return outbound.upload(file);
    },
  };
}
