package io.fennel.core.result;

import io.fennel.core.broker.Broker;
import io.fennel.core.serialization.ResultFormat;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What {@link Backends} hands a {@link BackendTransport} besides the URL; a new setting for
 * backends becomes one more component here, read by the transports that need it.
 *
 * @param broker the app's broker connection, for backends that send results over it ({@code
 *     rpc://}); null when the caller has none
 * @param replyQueue this client's reply queue (its oid, the {@code reply_to} of the tasks it
 *     sends), or null
 * @param resultExpires {@code result_expires}; each backend checks it
 * @param format {@code result_serializer} (and {@code result_compression}): how the Redis and RPC
 *     backends write and read records
 */
public record BackendOptions(
    Supplier<Broker> broker, String replyQueue, Duration resultExpires, ResultFormat format) {}
