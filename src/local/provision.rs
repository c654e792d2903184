//! Creates the template's tables, queues and SES identity in the emulator, and derives the functions'
//! environment from the template's `Globals`, so local and cloud cannot drift. Handles the subset of
//! CloudFormation the template uses for those resources: literals, `Ref` and `Fn::GetAtt … Arn`.

use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, Projection, TimeToLiveSpecification,
};
use aws_sdk_sqs::types::QueueAttributeName;
use aws_types::SdkConfig;
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ProvisionError {
    #[error("cannot read the template: {0}")]
    Template(String),
    #[error("{resource}: {message}")]
    Resource { resource: String, message: String },
}

/// What was created: physical names by logical id, and the functions' environment.
#[derive(Clone, Debug, Default)]
pub struct Provisioned {
    pub names: HashMap<String, String>,
    pub env: BTreeMap<String, String>,
}

struct Template {
    resources: Mapping,
    parameters: HashMap<String, String>,
    globals_env: Mapping,
}

fn get<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, k| v.get(*k))
}

impl Template {
    fn read(path: &Path, overrides: &HashMap<String, String>) -> Result<Self, ProvisionError> {
        let text =
            std::fs::read_to_string(path).map_err(|e| ProvisionError::Template(format!("{}: {e}", path.display())))?;
        let root: Value = serde_yaml::from_str(&text).map_err(|e| ProvisionError::Template(e.to_string()))?;
        let mut parameters: HashMap<String, String> = get(&root, &["Parameters"])
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
            .filter_map(|(name, p)| Some((name.as_str()?.to_string(), scalar(p.get("Default")?)?)))
            .collect();
        parameters.extend(overrides.clone());
        Ok(Self {
            resources: get(&root, &["Resources"]).and_then(Value::as_mapping).cloned().unwrap_or_default(),
            parameters,
            globals_env: get(&root, &["Globals", "Function", "Environment", "Variables"])
                .and_then(Value::as_mapping)
                .cloned()
                .unwrap_or_default(),
        })
    }

    fn of_type(&self, kind: &str) -> Vec<(String, Value)> {
        self.resources
            .iter()
            .filter(|(_, r)| r.get("Type").and_then(Value::as_str) == Some(kind))
            .filter_map(|(name, r)| {
                Some((name.as_str()?.to_string(), r.get("Properties").cloned().unwrap_or_default()))
            })
            .collect()
    }
}

/// A scalar property of `value` as text, empty when absent.
fn text(value: &Value, property: &str) -> String {
    value.get(property).and_then(scalar).unwrap_or_default()
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Resolves a property value: a literal, `Ref` to a parameter or created resource, or `Fn::GetAtt [X, Arn]`.
fn resolve(
    value: &Value,
    template: &Template,
    created: &Provisioned,
    arns: &HashMap<String, String>,
) -> Option<String> {
    if let Some(name) = value.get("Ref").and_then(Value::as_str) {
        return template.parameters.get(name).or_else(|| created.names.get(name)).cloned();
    }
    if let Some(att) = value.get("Fn::GetAtt").and_then(Value::as_sequence) {
        let resource = att.first()?.as_str()?;
        return (att.get(1)?.as_str()? == "Arn").then(|| arns.get(resource).cloned()).flatten();
    }
    scalar(value)
}

fn failure(resource: &str, error: impl std::fmt::Display) -> ProvisionError {
    ProvisionError::Resource { resource: resource.to_string(), message: error.to_string() }
}

/// A global secondary index as the template declares it: its key attributes and the other
/// attributes it projects.
#[derive(Clone, Debug, Default)]
pub struct Index {
    pub keys: Vec<String>,
    pub projected: Vec<String>,
}

/// A table's secondary indexes as `template` declares them (the bench counts index writes from them).
pub fn table_indexes(template: &Path, table: &str) -> Result<Vec<Index>, ProvisionError> {
    let template = Template::read(template, &HashMap::new())?;
    let list = |v: Option<&Value>| v.and_then(Value::as_sequence).cloned().unwrap_or_default();
    let props = template.of_type("AWS::DynamoDB::Table").into_iter().find(|(name, _)| name == table);
    let props = props.map(|(_, props)| props).ok_or_else(|| failure(table, "no such table"))?;
    Ok(list(props.get("GlobalSecondaryIndexes"))
        .iter()
        .map(|index| {
            let keys = list(index.get("KeySchema")).iter().map(|k| text(k, "AttributeName")).collect();
            let projection = index.get("Projection").and_then(|p| p.get("NonKeyAttributes"));
            Index { keys, projected: list(projection).iter().filter_map(scalar).collect() }
        })
        .collect())
}

/// Creates (or finds) every table, queue, event bus, email identity and configuration set of `template`, named `{prefix}-{LogicalId}`.
pub async fn provision(
    config: &SdkConfig,
    template: &Path,
    prefix: &str,
    parameters: &HashMap<String, String>,
) -> Result<Provisioned, ProvisionError> {
    let template = Template::read(template, parameters)?;
    let mut created = Provisioned::default();
    let mut arns = HashMap::new();
    let dynamodb = aws_sdk_dynamodb::Client::new(config);
    for (name, props) in template.of_type("AWS::DynamoDB::Table") {
        let table = format!("{prefix}-{name}");
        create_table(&dynamodb, &table, &props).await.map_err(|e| failure(&name, e))?;
        created.names.insert(name, table);
    }
    // Dead-letter queues first: the others' redrive policies point at them.
    let sqs = aws_sdk_sqs::Client::new(config);
    let mut queues = template.of_type("AWS::SQS::Queue");
    queues.sort_by_key(|(_, props)| props.get("RedrivePolicy").is_some());
    for (name, props) in queues {
        let mut attributes = HashMap::new();
        for (attribute, property) in [
            (QueueAttributeName::VisibilityTimeout, "VisibilityTimeout"),
            (QueueAttributeName::MessageRetentionPeriod, "MessageRetentionPeriod"),
        ] {
            if let Some(value) = props.get(property).and_then(scalar) {
                attributes.insert(attribute, value);
            }
        }
        if let Some(policy) = props.get("RedrivePolicy") {
            let target = policy.get("deadLetterTargetArn").and_then(|v| resolve(v, &template, &created, &arns));
            let max = policy.get("maxReceiveCount").and_then(scalar);
            let (Some(target), Some(max)) = (target, max) else {
                return Err(failure(&name, "RedrivePolicy needs deadLetterTargetArn and maxReceiveCount"));
            };
            let policy = serde_json::json!({ "deadLetterTargetArn": target, "maxReceiveCount": max.parse::<u32>().unwrap_or(5) });
            attributes.insert(QueueAttributeName::RedrivePolicy, policy.to_string());
        }
        let fifo = props.get("FifoQueue").and_then(scalar).as_deref() == Some("true");
        if fifo {
            attributes.insert(QueueAttributeName::FifoQueue, "true".into());
        }
        // CloudFormation names FIFO queues with the suffix SQS requires.
        let queue_name = if fifo { format!("{prefix}-{name}.fifo") } else { format!("{prefix}-{name}") };
        let url = sqs
            .create_queue()
            .queue_name(&queue_name)
            .set_attributes(Some(attributes))
            .send()
            .await
            .map_err(|e| failure(&name, DisplayErrorContext(e)))?
            .queue_url
            .unwrap_or_default();
        let arn = sqs
            .get_queue_attributes()
            .queue_url(&url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await
            .map_err(|e| failure(&name, DisplayErrorContext(e)))?
            .attributes
            .and_then(|a| a.get(&QueueAttributeName::QueueArn).cloned())
            .unwrap_or_default();
        arns.insert(name.clone(), arn);
        created.names.insert(name, url);
    }
    let ses = aws_sdk_sesv2::Client::new(config);
    for (name, props) in template.of_type("AWS::SES::EmailIdentity") {
        let identity = props.get("EmailIdentity").and_then(|v| resolve(v, &template, &created, &arns));
        let identity = identity.ok_or_else(|| failure(&name, "EmailIdentity is missing"))?;
        match ses.create_email_identity().email_identity(&identity).send().await {
            Ok(_) => {}
            Err(e) if e.as_service_error().and_then(|s| s.code()) == Some("AlreadyExistsException") => {}
            Err(e) => return Err(failure(&name, DisplayErrorContext(e))),
        }
        created.names.insert(name, identity);
    }
    let events = aws_sdk_eventbridge::Client::new(config);
    for (name, _) in template.of_type("AWS::Events::EventBus") {
        let bus = format!("{prefix}-{name}");
        match events.create_event_bus().name(&bus).send().await {
            Ok(_) => {}
            Err(e) if e.as_service_error().and_then(|s| s.code()) == Some("ResourceAlreadyExistsException") => {}
            Err(e) => return Err(failure(&name, aws_sdk_eventbridge::error::DisplayErrorContext(e))),
        }
        created.names.insert(name, bus);
    }
    for (name, _) in template.of_type("AWS::SES::ConfigurationSet") {
        let set = format!("{prefix}-{name}");
        match ses.create_configuration_set().configuration_set_name(&set).send().await {
            Ok(_) => {}
            // SES says `AlreadyExistsException`, the emulator `ConfigurationSetAlreadyExistsException`.
            Err(e)
                if e.as_service_error()
                    .and_then(|s| s.code())
                    .is_some_and(|code| code.ends_with("AlreadyExistsException")) => {}
            Err(e) => return Err(failure(&name, DisplayErrorContext(e))),
        }
        created.names.insert(name, set);
    }
    for (variable, value) in &template.globals_env {
        if let (Some(variable), Some(value)) = (variable.as_str(), resolve(value, &template, &created, &arns)) {
            created.env.insert(variable.to_string(), value);
        }
    }
    Ok(created)
}

async fn create_table(client: &aws_sdk_dynamodb::Client, table: &str, props: &Value) -> Result<(), String> {
    let list = |v: Option<&Value>| v.and_then(Value::as_sequence).cloned().unwrap_or_default();
    let key_schema = |v: Option<&Value>| -> Result<Vec<KeySchemaElement>, String> {
        list(v)
            .iter()
            .map(|k| {
                KeySchemaElement::builder()
                    .attribute_name(text(k, "AttributeName"))
                    .key_type(text(k, "KeyType").as_str().into())
                    .build()
                    .map_err(|e| e.to_string())
            })
            .collect()
    };
    let attributes = list(props.get("AttributeDefinitions"))
        .iter()
        .map(|a| {
            AttributeDefinition::builder()
                .attribute_name(text(a, "AttributeName"))
                .attribute_type(text(a, "AttributeType").as_str().into())
                .build()
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    let indexes = list(props.get("GlobalSecondaryIndexes"))
        .iter()
        .map(|index| {
            let projection = index.get("Projection");
            let non_key =
                list(projection.and_then(|p| p.get("NonKeyAttributes"))).iter().filter_map(scalar).collect::<Vec<_>>();
            GlobalSecondaryIndex::builder()
                .index_name(text(index, "IndexName"))
                .set_key_schema(Some(key_schema(index.get("KeySchema"))?))
                .projection(
                    Projection::builder()
                        .projection_type(
                            projection
                                .and_then(|p| p.get("ProjectionType"))
                                .and_then(scalar)
                                .unwrap_or("ALL".into())
                                .as_str()
                                .into(),
                        )
                        .set_non_key_attributes((!non_key.is_empty()).then_some(non_key))
                        .build(),
                )
                .build()
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    let stream = props.get("StreamSpecification").and_then(|s| s.get("StreamViewType")).and_then(scalar);
    let stream = stream.map(|view| {
        aws_sdk_dynamodb::types::StreamSpecification::builder()
            .stream_enabled(true)
            .stream_view_type(aws_sdk_dynamodb::types::StreamViewType::from(view.as_str()))
            .build()
    });
    let result = client
        .create_table()
        .table_name(table)
        .billing_mode(BillingMode::PayPerRequest)
        .set_attribute_definitions(Some(attributes))
        .set_key_schema(Some(key_schema(props.get("KeySchema"))?))
        .set_global_secondary_indexes((!indexes.is_empty()).then_some(indexes))
        .set_stream_specification(stream.transpose().map_err(|e| e.to_string())?)
        .send()
        .await;
    match result {
        Ok(_) => {}
        Err(e) if e.as_service_error().and_then(|s| s.code()) == Some("ResourceInUseException") => {
            return Ok(());
        }
        Err(e) => return Err(DisplayErrorContext(e).to_string()),
    }
    if let Some(ttl) = props.get("TimeToLiveSpecification").and_then(|t| t.get("AttributeName")).and_then(scalar) {
        let spec =
            TimeToLiveSpecification::builder().attribute_name(ttl).enabled(true).build().map_err(|e| e.to_string())?;
        client
            .update_time_to_live()
            .table_name(table)
            .time_to_live_specification(spec)
            .send()
            .await
            .map_err(|e| DisplayErrorContext(e).to_string())?;
    }
    Ok(())
}
