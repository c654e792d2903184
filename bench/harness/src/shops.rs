//! What an idle shop adds to the deployment: the scheduler's run over every shop, timed and its AWS
//! calls counted, first with the default shop alone, then with `shops` idle shops added.

use crate::stack::Stack;
use crate::stats::Sample;
use orderflow::aws;
use orderflow::clock::Clock;
use orderflow::domain::ShopId;
use orderflow::local::faults::Faults;
use orderflow::shops::sealed::SealingKey;
use orderflow::shops::serve::sweep_every_shop;
use orderflow::shops::{NewShop, Shops};
use orderflow::store::ShopDirectory;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

pub struct IdleShops {
    pub shops: usize,
    /// A run's duration with the default shop alone, and with the idle shops added.
    pub alone: Sample,
    pub with: Sample,
    /// AWS calls of one run, alone and with them.
    pub calls_alone: u64,
    pub calls_with: u64,
    /// An added shop's record as stored (its settings and sealed secrets), about.
    pub record_bytes: usize,
}

pub async fn idle_sweep(stack: &Stack, shops: usize, runs: usize) -> Result<IdleShops, String> {
    // A fault layer that fails nothing counts every call the SDK sends.
    let counter = Faults::new(0, 1);
    let config = counter.wrap(&stack.config);
    let fresh = orderflow::secrets::Fresh::start(config, stack.vars.clone(), |config, settings| {
        let sender = Arc::new(aws::email_sender(config, &settings));
        (aws::scheduler_app(config, settings, Clock::system()), sender)
    })
    .await
    .map_err(|e| e.to_string())?;
    let services = Shops::new(fresh);
    let measure = async || -> Result<(Sample, u64), String> {
        // Runs first until one ends well: whatever the earlier parts left due (and the close of
        // last month, a count of the table) is done before the timed runs.
        let mut warm = 0;
        while let Err(error) = sweep_every_shop(&services).await {
            warm += 1;
            if warm == 20 {
                return Err(format!("the scheduler's run failed 20 times: {error}"));
            }
        }
        let (mut times, before) = (Vec::new(), counter.counts().calls);
        counter.start();
        for _ in 0..runs {
            let started = Instant::now();
            sweep_every_shop(&services).await.map_err(|e| e.to_string())?;
            times.push(started.elapsed());
        }
        counter.stop();
        Ok((Sample::new(times), (counter.counts().calls - before) / runs as u64))
    };
    let (alone, calls_alone) = measure().await?;

    let key = stack.settings.secrets.get("SHOPS_KEY").ok_or("no SHOPS_KEY")?;
    let key = SealingKey::read(key).map_err(|e| e.to_string())?;
    let store = aws::store(&stack.config, &stack.settings);
    let mut record_bytes = 0;
    for n in 0..shops {
        let shop = ShopId::parse(&format!("idle-{n}")).map_err(|e| e.to_string())?;
        let settings: BTreeMap<String, String> = [
            ("SHOP_NAME".to_string(), format!("Idle shop {n}")),
            ("SENDER_EMAIL".to_string(), format!("orders@idle-{n}.example")),
            ("OWNER_EMAIL".to_string(), format!("owner@idle-{n}.example")),
            ("SHOP_TIME_ZONE".to_string(), "Europe/Berlin".to_string()),
        ]
        .into();
        let record = NewShop::new(shop, settings, BTreeMap::new(), &key, &stack.vars, jiff::Timestamp::now())
            .map_err(|e| e.to_string())?
            .record;
        record_bytes = serde_json::to_vec(&record).map_err(|e| e.to_string())?.len();
        store.put_shop(&record, true).await.map_err(|e| e.to_string())?;
    }
    let (with, calls_with) = measure().await?;
    Ok(IdleShops { shops, alone, with, calls_alone, calls_with, record_bytes })
}
