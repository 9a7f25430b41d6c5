using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3.Model;
using Azure.Storage.Blobs.Models;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Enums.V1;

namespace TemporalFlow.Tests.AppHost;

/// <summary>The whole pipeline through the AppHost: listener → orchestrator → domain workflow → PostgreSQL, for every kind of event.</summary>
[Collection(SharedApplication.Name)]
public sealed class EndToEndTests(AppHostFixture fixture)
{
    [Fact]
    public async Task ASignedWebhookIncidentStartsAnIncidentWorkflowWithItsRow()
    {
        await using var e2e = await EndToEnd.ConnectAsync(fixture);
        var eventId = $"e2e-incident-{Guid.NewGuid():N}";

        using var response = await e2e.PostAsync("/webhook", new { eventType = "incident", source = "monitoring", eventId, message = "Database connection failed on db-01" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var incident = await e2e.WaitForRowAsync("SELECT incident_id, state, title FROM incidents WHERE event_id = @id", ("id", eventId));
        Assert.Equal(("open", "Database connection failed on db-01"), (incident.GetProperty("state").GetString(), incident.GetProperty("title").GetString()));
        var workflow = await e2e.Temporal.GetWorkflowHandle(incident.GetProperty("incident_id").GetString()!).DescribeAsync();
        Assert.Equal(("IncidentWorkflow", WorkflowExecutionStatus.Running), (workflow.WorkflowType, workflow.Status));
    }

    [Fact]
    public async Task AnS3ObjectAndItsNotificationBecomeADocumentRecordWithTheRightHash()
    {
        await using var e2e = await EndToEnd.ConnectAsync(fixture);
        var key = $"uploads/{Guid.NewGuid():N}/runbook.md";
        var content = EndToEnd.Utf8("# Runbook\n\nRestart the **primary** database.\n");
        var put = await e2e.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "temporalflow-documents",
            Key = key,
            InputStream = new MemoryStream(content),
            ContentType = "text/markdown",
        });

        await e2e.Sqs.SendMessageAsync(e2e.QueueUrl, S3Events.Notification("temporalflow-documents", key, content.Length, put.ETag, "0001"));

        var record = await e2e.WaitForRowAsync("SELECT * FROM documents WHERE document_uri = @uri", ("uri", $"s3://temporalflow-documents/{key}"));
        Assert.Equal(("processed", "markdown", Convert.ToHexStringLower(SHA256.HashData(content))),
            (record.GetProperty("status").GetString(), record.GetProperty("kind").GetString(), record.GetProperty("sha256").GetString()));
        Assert.Equal(5, record.GetProperty("word_count").GetInt64()); // Runbook, Restart, the, primary, database
        var ledger = await e2e.WaitForRowAsync("SELECT status, route FROM event_ledger WHERE workflow_id = @id", ("id", record.GetProperty("workflow_id").GetString()!));
        Assert.Equal("routed", ledger.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheSameS3NotificationDeliveredTwiceStartsOneWorkflow()
    {
        await using var e2e = await EndToEnd.ConnectAsync(fixture);
        var key = $"uploads/{Guid.NewGuid():N}/twice.txt";
        var content = EndToEnd.Utf8("delivered twice, processed once");
        var put = await e2e.S3.PutObjectAsync(new PutObjectRequest { BucketName = "temporalflow-documents", Key = key, InputStream = new MemoryStream(content) });
        var notification = S3Events.Notification("temporalflow-documents", key, content.Length, put.ETag, "0002");

        await e2e.Sqs.SendMessageAsync(e2e.QueueUrl, notification);
        await e2e.Sqs.SendMessageAsync(e2e.QueueUrl, notification);
        await e2e.WaitForQueueDrainedAsync(); // both deliveries were accepted by Temporal (the listener deletes only then)

        var uri = $"s3://temporalflow-documents/{key}";
        var record = await e2e.WaitForRowAsync("SELECT * FROM documents WHERE document_uri = @uri", ("uri", uri));
        var workflowId = record.GetProperty("workflow_id").GetString()!;
        await Task.Delay(TimeSpan.FromSeconds(2)); // room for a second start, were there to be one
        Assert.Equal(1, await e2e.CountAsync("SELECT count(*) FROM event_ledger WHERE payload->>'documentUri' = @uri", ("uri", uri)));
        Assert.Equal(1, await e2e.CountAsync("SELECT count(*) FROM documents WHERE document_uri = @uri", ("uri", uri)));
        var runs = await e2e.Temporal.ListWorkflowsAsync($"WorkflowId = '{workflowId}'").CountAsync();
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task ABlobInAzuriteAndItsEventGridNotificationBecomeADocumentRecord()
    {
        await using var e2e = await EndToEnd.ConnectAsync(fixture);
        var container = e2e.Blob.GetBlobContainerClient("documents");
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient($"{Guid.NewGuid():N}/page.html");
        var content = EndToEnd.Utf8("<html><body><h1>Release notes</h1><p>Version 2 ships today.</p></body></html>");
        var uploaded = await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html" } });

        using var response = await e2e.PostAsync("/webhook/azure-eventgrid", new[]
        {
            new
            {
                id = Guid.NewGuid().ToString(), topic = "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
                subject = $"/blobServices/default/containers/documents/blobs/{blob.Name}", eventType = "Microsoft.Storage.BlobCreated",
                eventTime = DateTimeOffset.UtcNow, dataVersion = "1", metadataVersion = "1",
                data = new { api = "PutBlob", contentType = "text/html", contentLength = content.Length, blobType = "BlockBlob", url = blob.Uri.ToString(), eTag = uploaded.Value.ETag.ToString() },
            },
        }, headers => headers.Add("aeg-event-type", "Notification"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var record = await e2e.WaitForRowAsync("SELECT * FROM documents WHERE document_uri = @uri", ("uri", blob.Uri.ToString()));
        Assert.Equal(("processed", "html", Convert.ToHexStringLower(SHA256.HashData(content))),
            (record.GetProperty("status").GetString(), record.GetProperty("kind").GetString(), record.GetProperty("sha256").GetString()));
        Assert.Equal(uploaded.Value.ETag.ToString().Trim('"'), record.GetProperty("version").GetString());
    }

    [Fact]
    public async Task ADataProcessingEventBecomesADatasetProfile()
    {
        await using var e2e = await EndToEnd.ConnectAsync(fixture);
        var key = $"datasets/{Guid.NewGuid():N}/orders.csv";
        await e2e.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "temporalflow-documents",
            Key = key,
            ContentBody = "order,total\n1,20\n2,30\n3,oops\n",
            ContentType = "text/csv",
        });

        using var response = await e2e.PostAsync("/webhook", new
        {
            eventType = "data-processing",
            eventId = $"e2e-data-{Guid.NewGuid():N}",
            datasetUri = $"s3://temporalflow-documents/{key}",
            schema = new { total = "number" },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var profile = await e2e.WaitForRowAsync("SELECT * FROM datasets WHERE dataset_uri = @uri", ("uri", $"s3://temporalflow-documents/{key}"));
        Assert.Equal(("processed", 2L, 1L), (profile.GetProperty("status").GetString(), profile.GetProperty("row_count").GetInt64(), profile.GetProperty("bad_rows").GetInt64()));
        Assert.Equal(25.0, profile.GetProperty("columns")[1].GetProperty("mean").GetDouble());
    }

    [Fact]
    public async Task EventsNoWorkflowCanTakeAreKeptAsDeadLettersWithTheReason()
    {
        await using var e2e = await EndToEnd.ConnectAsync(fixture);
        var unroutable = $"e2e-dead-{Guid.NewGuid():N}";
        var incomplete = $"e2e-incomplete-{Guid.NewGuid():N}";

        using var first = await e2e.PostAsync("/webhook", new { eventType = "printer-out-of-paper", source = "office", eventId = unroutable });
        using var second = await e2e.PostAsync("/webhook", new { eventType = "document-added", source = "upload-portal", eventId = incomplete });

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, second.StatusCode));
        var noRoute = await e2e.WaitForRowAsync("SELECT status, reason FROM event_ledger WHERE event_id = @id AND status <> 'received'", ("id", unroutable));
        Assert.Equal(("dead-lettered", "no rule matches event type 'printer-out-of-paper' or source 'office', and there is no default"),
            (noRoute.GetProperty("status").GetString(), noRoute.GetProperty("reason").GetString()));
        var noDocument = await e2e.WaitForRowAsync("SELECT status, reason, workflow_id FROM event_ledger WHERE event_id = @id AND status <> 'received'", ("id", incomplete));
        Assert.Equal(("dead-lettered", "documentUri: required by workflow 'document_processing_workflow' but missing"),
            (noDocument.GetProperty("status").GetString(), noDocument.GetProperty("reason").GetString()));
        Assert.Equal(JsonValueKind.Null, noDocument.GetProperty("workflow_id").ValueKind); // nothing was started
    }
}
