"""Dependencies shared by every router."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from app.db import get_session

# scope="function" makes FastAPI run the commit in get_session before the response is
# sent, so a failed commit can never follow a "saved" page.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
