package im.relay.privatemessage.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Uploads in an S3-compatible bucket (AWS S3, MinIO, Ceph, S3Proxy ...) through the AWS SDK v2. Checksums are
 * computed only where the API requires them, which every S3-compatible server understands.
 */
final class S3MediaStore implements MediaStore, AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3MediaStore(MediaProperties.S3 settings) {
        if (settings == null || settings.bucket() == null || settings.bucket().isBlank()) {
            throw new IllegalStateException("relay.media.store=s3 needs relay.media.s3.bucket");
        }
        AwsCredentialsProvider credentials =
                settings.accessKey() == null || settings.accessKey().isBlank()
                        ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(
                        settings.region() == null || settings.region().isBlank() ? "us-east-1" : settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        this.s3 = builder.build();
        this.bucket = settings.bucket();
        this.prefix = settings.keyPrefix() == null ? "" : settings.keyPrefix();
    }

    @Override
    public void put(String key, Path source, String contentType) throws IOException {
        try {
            s3.putObject(
                    put -> put.bucket(bucket).key(prefix + key).contentType(contentType), RequestBody.fromFile(source));
        } catch (SdkException e) {
            throw new IOException("could not store " + key + " in bucket " + bucket, e);
        }
        Files.deleteIfExists(source);
    }

    @Override
    public void put(String key, byte[] content, String contentType) throws IOException {
        try {
            s3.putObject(
                    put -> put.bucket(bucket).key(prefix + key).contentType(contentType),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new IOException("could not store " + key + " in bucket " + bucket, e);
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        try {
            return s3.getObject(get -> {
                get.bucket(bucket).key(prefix + key);
                if (offset > 0) {
                    get.range("bytes=" + offset + "-");
                }
            });
        } catch (SdkException e) {
            throw new IOException("could not read " + key + " from bucket " + bucket, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(delete -> delete.bucket(bucket).key(prefix + key));
        } catch (SdkException e) {
            throw new IOException("could not delete " + key + " from bucket " + bucket, e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
